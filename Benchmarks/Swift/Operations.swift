import Foundation
import Hessian

/// `ops`: the cost of each piece a solver calls, so that a slow fit can be traced to its part:
/// value, gradient, gradient + dense Hessian, building the Hessian operator, one Hessian-vector
/// product, and a Cholesky solve of the dense Hessian. Medians over `repeats`, alternating two
/// points so the models' one-point cache never answers (except where reuse is the point:
/// Hv at the point whose operator was built).
func operationsRecord(_ p: LoadedProblem, repeats: Int) throws -> Record {
    let spec = p.spec
    switch spec.kind {
    case "logistic":
        let m = try Logistic(design: try Design(p.x), labels: p.y, l2: spec.l2)
        return operations(m, at: m.internalCoefficients(p.reference), p, repeats: repeats)
    case "multinomial":
        let param: Multinomial.Parametrization = spec.parametrization == "referenceClass" ? .referenceClass : .allClasses
        let m = try Multinomial(design: try Design(p.x), labels: p.y.map { Int($0) }, classes: spec.classes ?? 2,
                                l2: spec.l2, parametrization: param)
        return operations(m, at: m.internalCoefficients(p.reference), p, repeats: repeats)
    case "least_squares":
        let m = try LeastSquares(design: try Design(p.x), targets: p.y, l2: spec.l2)
        return operations(m, at: m.internalCoefficients(p.reference), p, repeats: repeats)
    case "poisson":
        let m = try Poisson(design: try Design(p.x), counts: p.y, l2: spec.l2)
        return operations(m, at: m.internalCoefficients(p.reference), p, repeats: repeats)
    default:
        let m = try PrecisionEstimation(covariance: p.s, l2: spec.l2)
        return operations(m, at: p.reference, p, repeats: repeats)
    }
}

private func operations<F: Objective>(_ f: F, at x1: [Double], _ p: LoadedProblem, repeats: Int) -> Record {
    let x2 = x1.map { $0 * 0.99 }
    func time(_ body: (Int) -> Void) -> Double {
        body(1)  // warm-up
        var ts: [Double] = []
        for k in 0..<repeats {
            let t0 = now()
            body(k)
            ts.append(now() - t0)
        }
        return median(ts)
    }
    var r = Record("ops")
    r["problem"] = .string(p.spec.name)
    r["side"] = "hessian"
    r["dimension"] = .integer(f.dimension)
    r["value"] = .number(time { k in _ = f.value(at: k % 2 == 0 ? x1 : x2) })
    r["gradient"] = .number(time { k in _ = f.evaluate(at: k % 2 == 0 ? x1 : x2, hessian: false) })
    let dense = p.spec.kind != "precision" || f.dimension <= 1600
    if dense {
        r["gradient_hessian"] = .number(time { k in _ = f.evaluate(at: k % 2 == 0 ? x1 : x2, hessian: true) })
        let h = f.hessian(at: x1)
        let g = f.gradient(at: x1)
        r["cholesky_solve"] = .number(time { _ in _ = try? Cholesky(h).solve(g) })
    }
    r["curvature_build"] = .number(time { k in _ = f.curvature(at: k % 2 == 0 ? x1 : x2) })
    let op = f.curvature(at: x1)
    let v = (0..<f.dimension).map { Double($0 % 7) - 3 }
    r["hessian_vector_product"] = .number(time { _ in _ = op(v) })
    if let _ = try? f.newtonStep(at: x1, gradient: f.gradient(at: x1)) {
        r["structured_newton_step"] = .number(time { _ in _ = try? f.newtonStep(at: x1, gradient: f.gradient(at: x1)) })
    }
    r["threads"] = .integer(ThreadBudget.current)
    return r
}
