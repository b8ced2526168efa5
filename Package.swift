// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Hessian",
    products: [
        .library(name: "Hessian", targets: ["Hessian"]),
        .executable(name: "fit", targets: ["fit"]),
        .executable(name: "predict", targets: ["predict"]),
        .executable(name: "hessian-bench", targets: ["hessian-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // DocC generation and coverage (`swift package generate-documentation`); a plugin only.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        .target(
            name: "Hessian",
            dependencies: ["COpenBLAS", "CLapacke"]
        ),
        .target(
            name: "HessianCLI",
            dependencies: ["Hessian", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "fit", dependencies: ["HessianCLI"]),
        .executableTarget(name: "predict", dependencies: ["HessianCLI"]),
        .executableTarget(
            name: "hessian-bench",
            dependencies: ["Hessian"],
            path: "Benchmarks/Swift"
        ),
        .testTarget(name: "HessianTests", dependencies: ["Hessian"]),
        .testTarget(name: "CLITests", dependencies: ["HessianCLI"]),
    ]
)
