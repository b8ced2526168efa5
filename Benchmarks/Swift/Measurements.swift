import Foundation
import Hessian

// MARK: - Fit timing

/// `run`: the median of `repeats` complete fits with the data in memory, the error against the
/// shared reference, and this process's peak RSS (one process per problem and solver, so the
/// peak belongs to this run).
func runRecord(_ p: LoadedProblem, solver: String, repeats: Int, dataRSS: Double, isDefault: Bool) throws -> Record {
    let (times, out) = try timedRuns(repeats) { try fitOnce(p, solver: solver) }
    let err = coefficientError(out.coefficients, p.reference, centerFirst: p.centersIntercepts ? p.freeClasses : 0)
    var r = Record("run")
    r["problem"] = .string(p.spec.name)
    r["side"] = "hessian"
    r["library"] = "hessian"
    r["solver"] = .string(solver)
    r["default"] = .bool(isDefault)
    r["times"] = .numbers(times)
    r["median"] = .number(median(times))
    r["repeats"] = .integer(times.count)
    r["iterations"] = .integer(out.iterations)
    r["converged"] = .bool(out.converged)
    r["termination"] = .string(out.termination)
    r["objective"] = .number(out.value)
    r["objective_gap"] = .number(out.value - p.spec.referenceObjective)
    r["coef_error"] = .number(err)
    r["gradient_norm"] = .number(out.gradientNorm)
    r["peak_rss_mb"] = .number(peakRSSMiB())
    r["data_rss_mb"] = .number(dataRSS)
    r["threads"] = .integer(ThreadBudget.current)
    r["note"] = .string(out.converged ? out.notes.joined(separator: "; ") : out.message)
    return r
}

/// `trace`: one fit keeping the per-iteration records: ‖∇f‖∞ against seconds since the start.
func traceRecord(_ p: LoadedProblem, solver: String) throws -> Record {
    let g0 = try initialGradientNorm(p)
    let out = try fitOnce(p, solver: solver)
    var points: [JSONValue] = [.array([.number(0), .number(g0)])]
    for t in out.trace where t.iteration > 0 {
        points.append(.array([.number(t.elapsed), .number(t.gradientNorm)]))
    }
    var r = Record("trace")
    r["problem"] = .string(p.spec.name)
    r["side"] = "hessian"
    r["library"] = "hessian"
    r["solver"] = .string(solver)
    r["points"] = .array(points)
    return r
}

private func initialGradientNorm(_ p: LoadedProblem) throws -> Double {
    switch p.spec.kind {
    case "logistic":
        let m = try Logistic(design: try Design(p.x), labels: p.y, l2: p.spec.l2)
        return normInf(m.gradient(at: [Double](repeating: 0, count: m.dimension)))
    case "multinomial":
        let param: Multinomial.Parametrization = p.spec.parametrization == "referenceClass" ? .referenceClass : .allClasses
        let m = try Multinomial(design: try Design(p.x), labels: p.y.map { Int($0) }, classes: p.spec.classes ?? 2,
                                l2: p.spec.l2, parametrization: param)
        return normInf(m.gradient(at: [Double](repeating: 0, count: m.dimension)))
    case "least_squares":
        let m = try LeastSquares(design: try Design(p.x), targets: p.y, l2: p.spec.l2)
        return normInf(m.gradient(at: [Double](repeating: 0, count: m.dimension)))
    case "poisson":
        let m = try Poisson(design: try Design(p.x), counts: p.y, l2: p.spec.l2)
        return normInf(m.gradient(at: poissonStart(p.y, parameters: m.dimension)))
    default:
        let m = try PrecisionEstimation(covariance: p.s, l2: p.spec.l2)
        return normInf(m.gradient(at: precisionStart(m)))
    }
}

// MARK: - Hessian assembly against dgemm

/// Seconds of f.evaluate(hessian: true) and f.evaluate(hessian: false), medians over
/// `repeats`, alternating two points so that the models' one-point cache never answers.
private func evaluationTimes<F: Objective>(_ f: F, _ x1: [Double], _ x2: [Double], repeats: Int,
                                           approximation: HessianApproximation = .exact) -> (full: Double, gradient: Double) {
    var full: [Double] = [], grad: [Double] = []
    _ = f.evaluate(at: x2, hessian: true, approximation: approximation)  // warm-up
    for k in 0..<repeats {
        let a = k % 2 == 0 ? x1 : x2, b = k % 2 == 0 ? x2 : x1
        var t0 = now()
        _ = f.evaluate(at: a, hessian: true, approximation: approximation)
        full.append(now() - t0)
        t0 = now()
        _ = f.evaluate(at: b, hessian: false)
        grad.append(now() - t0)
    }
    return (median(full), median(grad))
}

/// dgemm GFLOP/s on n×n×n through the library's `gemm` wrapper: (best, median) of `repeats`.
func dgemmRate(n: Int, repeats: Int) -> (best: Double, median: Double) {
    let a = Matrix(rows: n, columns: n) { i, j in Double((i * 7 + j * 13) % 17) / 17 - 0.5 }
    let b = Matrix(rows: n, columns: n) { i, j in Double((i * 11 + j * 5) % 19) / 19 - 0.5 }
    var c = Matrix(rows: n, columns: n)
    gemm(1, a, b, 0, &c)  // warm-up (thread start-up, page faults)
    var rates: [Double] = []
    for _ in 0..<repeats {
        let t0 = now()
        gemm(1, a, b, 0, &c)
        rates.append(2 * pow(Double(n), 3) / (now() - t0) / 1e9)
    }
    return (rates.max() ?? .nan, median(rates))
}

/// dsyrk GFLOP/s for XᵀX on the problem's own N×d matrix (N·d(d+1) flops) with `threads` BLAS threads.
func syrkRate(_ x: Matrix, threads: Int, repeats: Int) -> Double {
    let saved = BLASThreads.count
    BLASThreads.set(threads)
    defer { BLASThreads.set(saved) }
    var c = Matrix(rows: x.columns, columns: x.columns)
    syrk(1, x, 0, &c)
    var ts: [Double] = []
    for _ in 0..<repeats {
        let t0 = now()
        syrk(1, x, 0, &c)
        ts.append(now() - t0)
    }
    return Double(x.rows) * Double(x.columns) * Double(x.columns + 1) / median(ts) / 1e9
}

/// `assembly`: GFLOP/s of exact-Newton Hessian assembly, next to dgemm and dsyrk measured in
/// the same process. Useful flops: N·p(p+1) for XᵀDX (p = d + 1, one triangle, multiply + add);
/// for the multinomial K(K+1)/2 class blocks of that size (each block Xᵀdiag(c)X is symmetric).
/// Assembly time = evaluate(hessian: true) − evaluate(hessian: false) at a fresh point.
func assemblyRecord(_ p: LoadedProblem, repeats: Int, gemmSize: Int) throws -> Record {
    let spec = p.spec
    let nRows = Double(p.x.rows), pp = Double(p.x.columns + 1)
    var flops = nRows * pp * (pp + 1)
    var times: (full: Double, gradient: Double)
    // The same with the Hessian's row-block Grams in Float32 (what Newton's mixed precision uses).
    var single: (full: Double, gradient: Double)? = nil
    var what = "evaluate(hessian: true) − evaluate(hessian: false)"
    switch spec.kind {
    case "logistic":
        let m = try Logistic(design: try Design(p.x), labels: p.y, l2: spec.l2)
        let x1 = m.internalCoefficients(p.reference)
        times = evaluationTimes(m, x1, x1.map { $0 * 0.9 + 1e-3 }, repeats: repeats)
        single = evaluationTimes(m, x1, x1.map { $0 * 0.9 + 1e-3 }, repeats: repeats, approximation: .singlePrecision)
    case "multinomial":
        let param: Multinomial.Parametrization = spec.parametrization == "referenceClass" ? .referenceClass : .allClasses
        let m = try Multinomial(design: try Design(p.x), labels: p.y.map { Int($0) }, classes: spec.classes ?? 2,
                                l2: spec.l2, parametrization: param)
        let k = Double(m.freeClasses)
        flops *= k * (k + 1) / 2
        let x1 = m.internalCoefficients(p.reference)
        times = evaluationTimes(m, x1, x1.map { $0 * 0.9 + 1e-3 }, repeats: repeats)
    case "least_squares":
        // X̂ᵀX̂ + λI does not depend on w and is cached by each model instance after its first
        // evaluate(hessian: true): time that first call on fresh instances.
        let design = try Design(p.x)
        let x1 = [Double](repeating: 0.1, count: design.parametersPerOutput)
        var tf: [Double] = [], tg: [Double] = []
        for _ in 0..<repeats {
            let m1 = try LeastSquares(design: design, targets: p.y, l2: spec.l2)
            var t0 = now()
            _ = m1.evaluate(at: x1, hessian: true)
            tf.append(now() - t0)
            let m2 = try LeastSquares(design: design, targets: p.y, l2: spec.l2)
            t0 = now()
            _ = m2.evaluate(at: x1, hessian: false)
            tg.append(now() - t0)
        }
        times = (median(tf), median(tg))
        what = "first evaluate(hessian: true) − evaluate(hessian: false) on fresh LeastSquares instances"
    case "poisson":
        let m = try Poisson(design: try Design(p.x), counts: p.y, l2: spec.l2)
        let x1 = m.internalCoefficients(p.reference)
        times = evaluationTimes(m, x1, x1.map { $0 * 0.9 + 1e-3 }, repeats: repeats)
        single = evaluationTimes(m, x1, x1.map { $0 * 0.9 + 1e-3 }, repeats: repeats, approximation: .singlePrecision)
    default:
        throw NPY.Failure(description: "no Hessian assembly measurement for \(spec.kind)")
    }
    let assembly = Swift.max(times.full - times.gradient, 1e-9)
    let gemmRate = dgemmRate(n: gemmSize, repeats: 3)
    let threads = ThreadBudget.current
    var r = Record("assembly")
    r["problem"] = .string(spec.name)
    r["side"] = "hessian"
    r["measured"] = .string(what)
    r["flops"] = .number(flops)
    r["evaluate_hessian_seconds"] = .number(times.full)
    r["evaluate_gradient_seconds"] = .number(times.gradient)
    r["assembly_seconds"] = .number(assembly)
    r["assembly_gflops"] = .number(flops / assembly / 1e9)
    r["evaluate_hessian_gflops"] = .number(flops / times.full / 1e9)
    if let single {
        let a = Swift.max(single.full - single.gradient, 1e-9)
        r["single_assembly_seconds"] = .number(a)
        r["single_assembly_gflops"] = .number(flops / a / 1e9)
    }
    r["dgemm_size"] = .integer(gemmSize)
    r["dgemm_gflops"] = .number(gemmRate.best)
    r["dgemm_gflops_median"] = .number(gemmRate.median)
    r["syrk_gflops"] = .number(syrkRate(p.x, threads: threads, repeats: 3))
    r["syrk_gflops_1thread"] = .number(syrkRate(p.x, threads: 1, repeats: 3))
    r["threads"] = .integer(threads)
    r["peak_rss_mb"] = .number(peakRSSMiB())
    return r
}

// MARK: - CSV parsing

/// `csv`: throughput of Hessian's CSV reader (file → Table of Doubles), median of `repeats`.
func csvRecord(path: String, repeats: Int) throws -> Record {
    let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? .nan
    var rows = 0, columns = 0
    let (times, _) = try timedRuns(repeats) { () throws -> Int in
        let t = try CSVReader().read(file: path)
        rows = t.rowCount
        columns = t.columnCount
        return rows
    }
    var r = Record("csv_parse")
    r["side"] = "hessian"
    r["library"] = "hessian"
    r["reader"] = "Hessian CSVReader.read(file:)"
    r["bytes"] = .number(bytes)
    r["rows"] = .integer(rows)
    r["columns"] = .integer(columns)
    r["times"] = .numbers(times)
    r["median"] = .number(median(times))
    r["mb_per_s"] = .number(bytes / 1e6 / median(times))
    r["peak_rss_mb"] = .number(peakRSSMiB())
    return r
}
