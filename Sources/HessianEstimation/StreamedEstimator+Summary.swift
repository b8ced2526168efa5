import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianInference
import HessianPartitioned

// --summary for streamed fits (nonrobust covariance): everything comes from the accumulated sums —
// H at the solution (already there from the last pass), the loss, and for classifiers one more pass
// for the class totals and the accuracy.
extension StreamedEstimator {
    static func summarize(spec: FitSpecification, model: ShardModel, source: FileShards, shell: Design, solution: [Double],
                          hessian h: Matrix, loss: Double, external: [[Double]], into fitted: inout FittedModel) throws {
        let n = fitted.rows, p = shell.parametersPerOutput
        func inverse() -> Matrix? { try? Covariance.inverseHessian(h) }
        switch model {
        case .leastSquares:
            let rss = 2 * loss
            // As in memory: Cov = σ̂² H⁻¹ with σ̂² = RSS/(N − p); ℓ with the ML σ̂² = RSS/N.
            let stats = FitStatistics(logLikelihood: FitStatistics.gaussianLogLikelihood(residualSumOfSquares: rss, observations: n),
                                      parameters: p, observations: n)
            var covariance: Matrix? = nil
            if spec.l2 == 0 && n > p, let c = inverse() {
                covariance = shell.externalCovariance((rss / Double(n - p)) * c)
                fitted.covariance = spec.covariance
            }
            Estimator.summarize(estimates: external, covariance: covariance, rowsPerBlock: 1, stats: stats, spec: spec, into: &fitted)
        case .logistic, .multinomial:
            let m = fitted.classes!.count
            var totals = [Double](repeating: 0, count: m)
            var correct = 0.0
            let w = Matrix(rows: external.count, columns: p, storage: (0..<p).flatMap { j in external.map { $0[j] } })
            try source.chunks.forEachChunk { t in
                let (x, y) = try source.rows(t)
                if m == 2 && external.count == 1 {
                    let prob = Logistic.probabilities(x, coefficients: external[0], intercept: spec.intercept)
                    for i in 0..<y.count {
                        totals[Int(y[i])] += 1
                        if (prob[i] >= 0.5) == (y[i] == 1) { correct += 1 }
                    }
                } else {
                    let prob = Multinomial.probabilities(x, coefficients: w, intercept: spec.intercept)
                    for i in 0..<y.count {
                        var best = 0
                        for k in 1..<m where prob[i, k] > prob[i, best] { best = k }
                        totals[Int(y[i])] += 1
                        if best == Int(y[i]) { correct += 1 }
                    }
                }
            }
            fitted.notes.append("--summary: 1 more pass over the file for the class totals and the accuracy")
            let stats = FitStatistics(logLikelihood: -loss, parameters: solution.count, observations: n,
                                      nullLogLikelihood: FitStatistics.nullLogLikelihood(classTotals: totals),
                                      accuracy: correct / Double(n))
            var covariance: Matrix? = nil
            if spec.l2 == 0, let c = inverse() {
                fitted.covariance = spec.covariance
                if case .multinomial(_, let par) = model {
                    let mm = try Multinomial(design: shell, labels: [], classes: m, l2: spec.l2, parametrization: par)
                    let ext = mm.externalCovariance(c)
                    let first = mm.firstFreeClass, kk = mm.freeClasses
                    // vec(W_free) (index k + K·j) to class-major rows, the reference class first with zeros.
                    var full = Matrix(rows: m * p, columns: m * p)
                    for k in 0..<kk { for j in 0..<p { for l in 0..<kk { for jj in 0..<p {
                        full[(k + first) * p + j, (l + first) * p + jj] = ext[k + kk * j, l + kk * jj]
                    } } } }
                    covariance = full
                } else {
                    covariance = shell.externalCovariance(c)
                }
            }
            Estimator.summarize(estimates: external, covariance: covariance, rowsPerBlock: model == .logistic ? 1 : m,
                                stats: stats, spec: spec, into: &fitted)
        case .poisson:
            throw EstimationError.invalidOption("streamed Poisson fits do not support --summary yet")
        }
    }
}
