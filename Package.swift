// swift-tools-version:6.1
import PackageDescription

// One target per layer; dependencies point one way, down this list, so the compiler holds the
// layering (a model cannot import a solver). `Hessian` re-exports them all (README, "How it is built").
let layers: [(name: String, dependencies: [Target.Dependency])] = [
    ("HessianLinearAlgebra", ["COpenBLAS", "CLapacke"]),
    ("HessianCalculus", ["HessianLinearAlgebra"]),
    ("HessianModels", ["HessianLinearAlgebra", "HessianCalculus"]),
    ("HessianSolvers", ["HessianLinearAlgebra", "HessianModels"]),
    ("HessianInference", ["HessianLinearAlgebra"]),
    ("HessianLinearProgramming", ["HessianLinearAlgebra"]),
    ("HessianData", ["HessianLinearAlgebra"]),
    ("HessianPartitioned", ["HessianLinearAlgebra", "HessianModels", "HessianData"]),
    ("HessianEstimation", ["HessianLinearAlgebra", "HessianCalculus", "HessianModels", "HessianSolvers",
                           "HessianInference", "HessianLinearProgramming", "HessianData", "HessianPartitioned"]),
]

let package = Package(
    name: "Hessian",
    products: [
        .library(name: "Hessian", targets: ["Hessian"]),
        .executable(name: "fit", targets: ["fit"]),
        .executable(name: "predict", targets: ["predict"]),
        .executable(name: "hessian-bench", targets: ["hessian-bench"]),
        // Data-parallel fits under MPI: `swift build --traits MPI` (see docs/CLI.md).
        .executable(name: "fit-mpi", targets: ["fit-mpi"]),
    ],
    traits: [
        .trait(name: "MPI", description: "Build fit-mpi against Open MPI (libopenmpi-dev); off by default."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // DocC generation and coverage (`swift package generate-documentation`); a plugin only.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Property-based (metamorphic) tests with Swift Testing; test targets only.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // OpenBLAS (CBLAS interface) and LAPACKE, found through pkg-config.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CLapacke",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        .target(name: "Hessian", dependencies: layers.map { .target(name: $0.name) }),
        .target(
            name: "HessianCLI",
            dependencies: ["Hessian", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "fit", dependencies: ["HessianCLI"]),
        // Open MPI through a module map and a shim for the handles it defines as macros; only
        // compiled when the MPI trait is on, so the default build needs no MPI headers.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .target(
            name: "HessianMPI",
            dependencies: ["Hessian", .target(name: "CMPI", condition: .when(traits: ["MPI"]))]
        ),
        .executableTarget(
            name: "fit-mpi",
            dependencies: ["HessianCLI", "HessianMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "predict", dependencies: ["HessianCLI"]),
        .executableTarget(
            name: "hessian-bench",
            dependencies: ["Hessian"],
            path: "Benchmarks/Swift"
        ),
        // Shared by every test target: the approximate-equality helpers, the seeded generator and
        // the test objectives and fixtures more than one layer's tests use.
        .target(name: "HessianTestSupport", dependencies: ["HessianLinearAlgebra", "HessianModels"], path: "Tests/HessianTestSupport"),
        .testTarget(name: "CLITests", dependencies: ["HessianCLI", "HessianTestSupport"]),
        .testTarget(name: "HessianMPITests", dependencies: ["HessianMPI", "HessianTestSupport"]),
    ]
        + layers.map { .target(name: $0.name, dependencies: $0.dependencies) }
        + layers.map { .testTarget(name: "\($0.name)Tests", dependencies: [.target(name: $0.name), "Hessian", "HessianTestSupport",
                                                                         .product(name: "PropertyBased", package: "swift-property-based")]) }
)

// libFuzzer harnesses (Fuzz/), in the manifest only when HESSIAN_FUZZ is set: `make fuzz` sets it and
// builds them with -sanitize=fuzzer,address, so a plain `swift build` or `swift test` neither sees
// nor builds them. They use `package` access to reach internals.
if Context.environment["HESSIAN_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/driver"))
    package.targets += ["csv", "decimal", "model-file"].map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["Hessian", "HessianCLI", "FuzzDriver"], path: "Fuzz/\(name)")
    }
}
