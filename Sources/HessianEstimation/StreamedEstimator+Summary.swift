import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianInference
import HessianPartitioned

// --summary for streamed fits (nonrobust covariance): everything comes from the accumulated sums —
// H at the solution (already there from the last pass), the loss, and for classifiers one more pass
// for the (weighted) class totals and the accuracy; count models in StreamedEstimator+Count.
extension StreamedEstimator {
    package static func summarize(spec: FitSpecification, model: ShardModel, source: LocalRows, shell: Design, solution: [Double],
                          hessian h: Matrix, loss: Double, targetUnit u: Double = 1, external: [[Double]], observations n: Double,
                          poisson: CountStart?,
                          robust: ((Matrix) throws -> Matrix)? = nil, into fitted: inout FittedModel) throws {
        let p = shell.parametersPerOutput
        // Internal coordinates: the sandwich from H⁻¹ (robust), else H⁻¹ times `scale`; nil when H is singular.
        func internalCovariance(scale: Double = 1) throws -> Matrix? {
            guard let c = try? Covariance.inverseHessian(h) else { return nil }
            return try robust?(c) ?? scale * c
        }
        switch model {
        case .leastSquares:
            let rss = 2 * loss
            // As in memory: Cov = σ̂² H⁻¹ with σ̂² = RSS/(N − p); ℓ with the ML σ̂² = RSS/N; the sums are
            // of ỹ = y/u, so RSS = u²·rss and the standard errors are u·√Cⱼⱼ.
            let ll = FitStatistics.gaussianLogLikelihood(residualSumOfSquares: rss, weightedObservations: n) - n * log(u)
            let stats = FitStatistics(logLikelihood: ll, parameters: p, weightedObservations: n)
            var covariance: Matrix? = nil
            if spec.l2 == 0 && (n > Double(p) || robust != nil), let c = try internalCovariance(scale: rss / (n - Double(p))) {
                covariance = shell.externalCovariance(c, inUnits: true)
                fitted.covariance = spec.covariance
            }
            Estimator.summarize(estimates: external, covariance: covariance, units: shell.coefficientUnits(unit: u), rowsPerBlock: 1,
                                stats: stats, spec: spec, into: &fitted)
        case .logistic, .multinomial:
            let m = fitted.classes!.count
            var totals = [Double](repeating: 0, count: m)
            var correct = 0.0
            let w = Matrix(rows: external.count, columns: p, storage: (0..<p).flatMap { j in external.map { $0[j] } })
            try source.forEach { c in
                let x = c.x, y = c.targets
                func count(_ i: Int, correct right: Bool) {
                    let si = c.weights?[i] ?? 1
                    totals[Int(y[i])] += si
                    if right { correct += si }
                }
                if m == 2 && external.count == 1 {
                    let prob = Logistic.probabilities(x, coefficients: external[0], intercept: spec.intercept)
                    for i in 0..<y.count { count(i, correct: (prob[i] >= 0.5) == (y[i] == 1)) }
                } else {
                    let prob = Multinomial.probabilities(x, coefficients: w, intercept: spec.intercept)
                    for i in 0..<y.count {
                        var best = 0
                        for k in 1..<m where prob[i, k] > prob[i, best] { best = k }
                        count(i, correct: best == Int(y[i]))
                    }
                }
            }
            let sums = source.total(totals + [correct])
            (totals, correct) = (Array(sums[0..<m]), sums[m])
            if let note = source.passNote { fitted.notes.append("--summary: \(note) for the class totals and the accuracy") }
            let stats = FitStatistics(logLikelihood: -loss, parameters: solution.count, weightedObservations: n,
                                      nullLogLikelihood: FitStatistics.nullLogLikelihood(classTotals: totals),
                                      accuracy: correct / n)
            var covariance: Matrix? = nil
            if spec.l2 == 0, let c = try internalCovariance() {
                fitted.covariance = spec.covariance
                if case .multinomial(_, let par) = model {
                    let mm = try Multinomial(design: shell, labels: [], classes: m, l2: spec.l2, parametrization: par)
                    let ext = mm.externalCovariance(c, inUnits: true)
                    let first = mm.firstFreeClass, kk = mm.freeClasses
                    // vec(W_free) (index k + K·j) to class-major rows, the reference class first with zeros.
                    var full = Matrix(rows: m * p, columns: m * p)
                    for k in 0..<kk { for j in 0..<p { for l in 0..<kk { for jj in 0..<p {
                        full[(k + first) * p + j, (l + first) * p + jj] = ext[k + kk * j, l + kk * jj]
                    } } } }
                    covariance = full
                } else {
                    covariance = shell.externalCovariance(c, inUnits: true)
                }
            }
            Estimator.summarize(estimates: external, covariance: covariance, units: shell.coefficientUnits, rowsPerBlock: model == .logistic ? 1 : m,
                                stats: stats, spec: spec, into: &fitted)
        case .poisson, .negativeBinomial:
            try summarizeCount(spec: spec, model: model, source: source, shell: shell, solution: solution, hessian: h, loss: loss,
                               external: external, observations: n, poisson: poisson, robust: robust, into: &fitted)
        }
    }
}
