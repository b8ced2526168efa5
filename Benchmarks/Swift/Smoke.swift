import Foundation
import Hessian

/// `--smoke`: every model and solver of the suite on tiny problems generated here (no Python,
/// no files), in a few seconds, for CI. Checks, with references independent of the solver
/// under test where one exists (normal equations for least squares, the eigenvalue closed
/// form for log-det), otherwise against Newton converged to ‖∇f‖∞ ≤ 1e-11:
///   every run converges and its coefficients agree to 1e-5 (relative max-norm).
/// Prints the JSON lines of the full suite, then "smoke: N passed, M failed".
enum Smoke {
    /// SplitMix64 with Box–Muller normals: deterministic on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
        mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
    }

    nonisolated(unsafe) static var passed = 0, failed = 0

    static func check(_ ok: Bool, _ what: String) {
        if ok { passed += 1 } else { failed += 1; FileHandle.standardError.write(Data("smoke FAILED: \(what)\n".utf8)) }
    }

    static func gaussian(_ rng: inout Random, _ n: Int, _ d: Int) -> Matrix {
        Matrix(rows: n, columns: d) { _, _ in rng.normal() }
    }

    static func run() -> Bool {
        let t0 = now()
        var rng = Random(state: 42)
        let g = dgemmRate(n: 256, repeats: 3)
        var r = Record("dgemm")
        r["side"] = "hessian"; r["size"] = 256; r["gflops"] = .number(g.best); r["threads"] = .integer(ThreadBudget.current)
        r.emit()
        check(g.best.isFinite && g.best > 0, "dgemm rate")

        // Binary logistic, N = 2000, d = 10.
        let xl = gaussian(&rng, 2000, 10)
        let yl = (0..<2000).map { i -> Double in
            var z = 0.3
            for j in 0..<10 { z += xl[i, j] * (Double(j % 3) - 1) * 0.7 }
            return rng.uniform() < 1 / (1 + exp(-z)) ? 1 : 0
        }
        let logistic = ProblemSpec(name: "smoke_logistic", kind: "logistic", referenceObjective: 0, n: 2000, d: 10, l2: 1)
        runAll(LoadedProblem(spec: logistic, x: xl, y: yl))

        // Multinomial, N = 1500, d = 8, 4 classes, penalized and unpenalized (reference class).
        let xm = gaussian(&rng, 1500, 8)
        let ym = (0..<1500).map { i -> Double in
            var a = [Double](repeating: 0, count: 4)
            for k in 0..<4 { for j in 0..<8 { a[k] += xm[i, j] * Double((k + j) % 4 - 1) * 0.5 } }
            let e = a.map { exp($0) }, s = e.reduce(0, +)
            var u = rng.uniform() * s, k = 0
            while k < 3 && u > e[k] { u -= e[k]; k += 1 }
            return Double(k)
        }
        runAll(LoadedProblem(spec: ProblemSpec(name: "smoke_multinomial", kind: "multinomial", referenceObjective: 0,
                                               n: 1500, d: 8, classes: 4, l2: 1, parametrization: "allClasses"), x: xm, y: ym))
        runAll(LoadedProblem(spec: ProblemSpec(name: "smoke_multinomial_mle", kind: "multinomial", referenceObjective: 0,
                                               n: 1500, d: 8, classes: 4, l2: 0, parametrization: "referenceClass"), x: xm, y: ym))

        // Poisson, N = 2000, d = 6, penalized and unpenalized.
        let xp = gaussian(&rng, 2000, 6)
        let yp = (0..<2000).map { i -> Double in
            var z = 0.4
            for j in 0..<6 { z += xp[i, j] * (Double(j % 3) - 1) * 0.3 }
            // Inversion of the Poisson CDF at a uniform draw.
            let mu = exp(z), u = rng.uniform()
            var k = 0.0, term = exp(-mu), cdf = term
            while u > cdf && k < 100 { k += 1; term *= mu / k; cdf += term }
            return k
        }
        for l2 in [1.0, 0] {
            runAll(LoadedProblem(spec: ProblemSpec(name: l2 > 0 ? "smoke_poisson" : "smoke_poisson_mle", kind: "poisson",
                                                   referenceObjective: 0, n: 2000, d: 6, l2: l2), x: xp, y: yp))
        }

        // Least squares, N = 3000, d = 20; reference from the normal equations.
        let xs = gaussian(&rng, 3000, 20)
        let ys = (0..<3000).map { i in (0..<20).reduce(1.0) { $0 + xs[i, $1] * Double($1 % 5) } + rng.normal() }
        var ls = LoadedProblem(spec: ProblemSpec(name: "smoke_least_squares", kind: "least_squares", referenceObjective: 0,
                                                 n: 3000, d: 20, l2: 1), x: xs, y: ys)
        ls.reference = normalEquations(xs, ys, l2: 1)
        runAll(ls, referenceGiven: true)

        // Log-det precision, n = 12; reference from the eigenvalue closed form.
        let z = gaussian(&rng, 60, 12)
        let cov = (1.0 / 60) * product(z, z, transposeA: true)
        var prec = LoadedProblem(spec: ProblemSpec(name: "smoke_precision", kind: "precision", referenceObjective: 0, n: 12, l2: 1),
                                 s: cov)
        prec.reference = closedFormPrecision(cov, l2: 1)
        runAll(prec, referenceGiven: true)
        var dense = prec
        dense = LoadedProblem(spec: ProblemSpec(name: "smoke_precision_dense", kind: "precision_dense", referenceObjective: 0,
                                                n: 12, l2: 1), s: cov, reference: prec.reference)
        runAll(dense, referenceGiven: true)

        // Hessian assembly and the CSV reader.
        do {
            var lp = LoadedProblem(spec: logistic, x: xl, y: yl)
            lp.reference = try fitOnce(lp, solver: "newton").coefficients
            let a = try assemblyRecord(lp, repeats: 3, gemmSize: 256)
            a.emit()
            if case .number(let v)? = a["assembly_gflops"] { check(v.isFinite && v > 0, "assembly rate") }
            let path = NSTemporaryDirectory() + "hessian-bench-smoke-\(getpid()).csv"
            var text = (1...10).map { "x\($0)" }.joined(separator: ",") + ",y\n"
            for i in 0..<xl.rows { text += (0..<10).map { String(format: "%.5f", xl[i, $0]) }.joined(separator: ",") + ",\(Int(yl[i]))\n" }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let c = try csvRecord(path: path, repeats: 1)
            c.emit()
            if case .integer(let rows)? = c["rows"] { check(rows == 2000, "CSV rows") }
        } catch {
            check(false, "assembly/CSV: \(error)")
        }
        var done = Record("smoke")
        done["passed"] = .integer(passed); done["failed"] = .integer(failed); done["seconds"] = .number(now() - t0)
        done.emit()
        writeLine("smoke: \(passed) passed, \(failed) failed")
        return failed == 0
    }

    /// Runs every solver of the suite on p (repeats 1) against p.reference, or against a tight
    /// Newton solution when no independent reference is given.
    static func runAll(_ problem: LoadedProblem, referenceGiven: Bool = false) {
        var p = problem
        do {
            if !referenceGiven {
                let tight = try makeBenchSolver("newton", stopping: StoppingCriteria(gradientTolerance: 1e-11))
                p.reference = try fitWith(p, solver: tight)
            }
            for solver in hessianSolvers(for: p.spec, smoke: true) {
                let rec = try runRecord(p, solver: solver, repeats: 1, dataRSS: peakRSSMiB(), isDefault: false)
                rec.emit()
                let firstOrder = solver == "gradient-descent"
                let tol = firstOrder ? 1e-3 : 1e-5
                if case .number(let e)? = rec["coef_error"], case .bool(let converged)? = rec["converged"] {
                    // Gradient descent converges linearly: on a loss of size ~1e3 it can reach the
                    // floating-point floor of f (an honest valueStall) before ‖∇f‖∞ ≤ 1e-8.
                    var stalled = false
                    if firstOrder, case .string(let t)? = rec["termination"] { stalled = t == Termination.valueStall.rawValue }
                    let ok = converged || stalled
                    check(ok && e <= tol, "\(p.spec.name)/\(solver): converged \(converged), coefficient error \(e)")
                } else {
                    check(false, "\(p.spec.name)/\(solver): malformed record")
                }
            }
        } catch {
            check(false, "\(p.spec.name): \(error)")
        }
    }

    private static func fitWith(_ p: LoadedProblem, solver: any Solver) throws -> [Double] {
        switch p.spec.kind {
        case "logistic":
            let m = try Logistic(design: try Design(p.x), labels: p.y, l2: p.spec.l2)
            return m.externalCoefficients(try minimize(m, from: [Double](repeating: 0, count: m.dimension), using: solver).solution)
        case "poisson":
            let m = try Poisson(design: try Design(p.x), counts: p.y, l2: p.spec.l2)
            return m.externalCoefficients(try minimize(m, from: poissonStart(p.y, parameters: m.dimension), using: solver).solution)
        default:
            let param: Multinomial.Parametrization = p.spec.parametrization == "referenceClass" ? .referenceClass : .allClasses
            let m = try Multinomial(design: try Design(p.x), labels: p.y.map { Int($0) }, classes: p.spec.classes ?? 2,
                                    l2: p.spec.l2, parametrization: param)
            return m.externalCoefficients(try minimize(m, from: [Double](repeating: 0, count: m.dimension), using: solver).solution)
        }
    }

    /// [b, w] from [1 X]ᵀ[1 X] + λ diag(0, 1, …, 1) by Cholesky.
    static func normalEquations(_ x: Matrix, _ y: [Double], l2: Double) -> [Double] {
        let n = x.rows, d = x.columns
        let xa = Matrix(rows: n, columns: d + 1) { i, j in j == 0 ? 1 : x[i, j - 1] }
        var a = gram(xa)
        a.addToDiagonal([0] + [Double](repeating: l2, count: d))
        return (try? Cholesky(a).solve(transposeTimes(xa, y))) ?? []
    }

    /// vec(Θ*) = vec(Q diag(θ) Qᵀ), θᵢ = (−sᵢ + √(sᵢ² + 4λ)) / (2λ) (Mathematics.md, "Precision-matrix estimation").
    static func closedFormPrecision(_ s: Matrix, l2: Double) -> [Double] {
        guard let e = try? SymmetricEigen(s) else { return [] }
        return e.reconstruct { (-$0 + ($0 * $0 + 4 * l2).squareRoot()) / (2 * l2) }.storage
    }
}
