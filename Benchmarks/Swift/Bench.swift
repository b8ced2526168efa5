import Foundation
import Hessian

/// hessian-bench: the Swift side of the benchmark suite (see Benchmarks/README.md).
///
///     hessian-bench --smoke                                   tiny self-checking run (CI)
///     hessian-bench env
///     hessian-bench list     --data DIR                       problems and the solvers run on each
///     hessian-bench run      --data DIR --problem P --solver S [--repeats 5]
///     hessian-bench trace    --data DIR --problem P --solver S
///     hessian-bench assembly --data DIR --problem P [--gemm 2000]
///     hessian-bench ops      --data DIR --problem P        per-operation costs
///     hessian-bench dgemm    [--gemm 2000]
///     hessian-bench csv      --file F [--repeats 3]
///     hessian-bench design   [--file F] [--rows 1000000] [--formula 'y ~ …'] [--repeats 3]
///                            read time vs formula design time (default: a generated table with
///                            two 50-level text categoricals and four numeric columns, written
///                            to F when F does not exist)
///
/// Every mode prints JSON lines on standard output (one object per measurement); the
/// Python driver runs one process per (problem, solver) so peak RSS is per run.
/// Thread budget (`ThreadBudget`; OpenBLAS itself stays at one thread): --threads N, else
/// $HESSIAN_BENCH_THREADS, else 2.
@main struct Bench {
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        if args == ["--version"] { writeLine(Hessian.version); exit(0) }
        let mode = args.first.map { $0.hasPrefix("--") ? ($0 == "--smoke" ? "smoke" : "help") : $0 } ?? "help"
        if !args.isEmpty && !args[0].hasPrefix("--") { args.removeFirst() }
        func option(_ name: String) -> String? {
            guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        let threads = Int(option("threads") ?? ProcessInfo.processInfo.environment["HESSIAN_BENCH_THREADS"] ?? "2") ?? 2
        ThreadBudget.withThreads(threads) { dispatch(mode, args, option) }
    }

    private static func dispatch(_ mode: String, _ args: [String], _ option: (String) -> String?) {
        let repeats = Int(option("repeats") ?? "") ?? 5
        let gemmSize = Int(option("gemm") ?? "") ?? 2000
        do {
            switch mode {
            case "smoke":
                exit(Smoke.run() ? 0 : 1)
            case "env":
                var r = Record("env")
                r["side"] = "hessian"
                r["threads"] = .integer(ThreadBudget.current)
                r["cores"] = .integer(ProcessInfo.processInfo.activeProcessorCount)
                r["openblas_num_threads_env"] = .string(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "")
                r["blas_kernel"] = .string(BLASKernel.name)
                r["blas_kernel_corrected_from_prescott"] = .string(BLASKernel.corrected == nil ? "no" : "yes")
                r.emit()
            case "list":
                let dir = try required(option("data"), "--data")
                for p in try Manifest.load(dir).problems {
                    writeLine(p.name + " " + hessianSolvers(for: p).joined(separator: " "))
                }
            case "run", "trace", "assembly", "ops":
                let dir = try required(option("data"), "--data")
                let name = try required(option("problem"), "--problem")
                guard let spec = try Manifest.load(dir).problems.first(where: { $0.name == name }) else {
                    throw NPY.Failure(description: "no problem \(name) in \(dir)/problems.json")
                }
                let problem = try LoadedProblem(spec, directory: dir)
                let dataRSS = peakRSSMiB()
                if mode == "ops" {
                    try operationsRecord(problem, repeats: Swift.max(repeats, 3)).emit()
                } else if mode == "assembly" {
                    try assemblyRecord(problem, repeats: Swift.max(repeats, 3), gemmSize: gemmSize).emit()
                } else {
                    let solver = option("solver") ?? hessianSolvers(for: spec)[0]
                    if mode == "trace" {
                        try traceRecord(problem, solver: solver).emit()
                    } else {
                        try runRecord(problem, solver: solver, repeats: repeats, dataRSS: dataRSS,
                                      isDefault: solver == hessianSolvers(for: spec)[0]).emit()
                    }
                }
            case "dgemm":
                let g = dgemmRate(n: gemmSize, repeats: 3)
                var r = Record("dgemm")
                r["side"] = "hessian"
                r["size"] = .integer(gemmSize)
                r["gflops"] = .number(g.best)
                r["gflops_median"] = .number(g.median)
                r["threads"] = .integer(ThreadBudget.current)
                r.emit()
            case "csv":
                try csvRecord(path: try required(option("file"), "--file"), repeats: Swift.max(1, Int(option("repeats") ?? "") ?? 3)).emit()
            case "design":
                // --file F is generated (and kept) when it does not exist; without --file a
                // temporary table is generated and removed.
                let path = option("file") ?? FileManager.default.temporaryDirectory.appendingPathComponent("hessian-design-\(getpid()).csv").path
                if !FileManager.default.fileExists(atPath: path) {
                    try writeDesignTable(rows: Int(option("rows") ?? "") ?? 1_000_000, to: path)
                }
                defer { if option("file") == nil { try? FileManager.default.removeItem(atPath: path) } }
                try designRecord(path: path, formula: option("formula") ?? "y ~ shop + brand + x1 + x2 + x3 + x4 + x1:shop",
                                 repeats: Swift.max(1, Int(option("repeats") ?? "") ?? 3)).emit()
            default:
                FileHandle.standardError.write(Data("""
                usage: hessian-bench --smoke | env | list --data DIR | run|trace|assembly|ops --data DIR --problem P [--solver S] \
                [--repeats N] [--gemm N] | dgemm [--gemm N] | csv --file F [--repeats N] \
                | design [--file F] [--rows N] [--formula F] [--repeats N]   (all: [--threads N])

                """.utf8))
                exit(2)
            }
        } catch {
            var r = Record("error")
            r["side"] = "hessian"
            r["mode"] = .string(mode)
            r["arguments"] = .string(args.joined(separator: " "))
            r["message"] = .string("\(error)")
            r.emit()
            FileHandle.standardError.write(Data("hessian-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func required(_ v: String?, _ flag: String) throws -> String {
        guard let v else { throw NPY.Failure(description: "missing \(flag)") }
        return v
    }
}
