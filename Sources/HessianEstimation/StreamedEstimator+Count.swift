import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// NB2 streamed as in memory: first the Poisson fit (Newton, at most 200 iterations), then the
/// moment estimate α₀ = Σ sᵢ((yᵢ − μᵢ)² − yᵢ) / Σ sᵢμᵢ² from one more pass, then Newton on (w, log α)
/// from (ŵ_Poisson, log α₀). The Poisson log-likelihood is kept for the likelihood-ratio test.
package struct CountStart {
    package var solution: [Double]
    package var alpha: Double
    package var converged: Bool
    package var logLikelihood: Double
    /// The Poisson fit's result (the estimate when NB's maximum is at α = 0).
    package var result: OptimizationResult
    /// Whether NB's maximum may be at α = 0 (`DispersionBoundary`).
    package var boundary: DispersionBoundary
}

/// Per-chunk sums of a fitted count model: deviance, Pearson χ² and the moment estimate's parts.
struct CountSums {
    var deviance = 0.0, pearson = 0.0, momentNumerator = 0.0, momentDenominator = 0.0

    /// One pass over `source` with μᵢ = exp(ηᵢ) of the Poisson model at w (internal coordinates).
    init(_ source: LocalRows, at w: [Double]) throws {
        try source.forEach { c in
            let design = try Design(c.x, intercept: source.intercept, weights: c.weights, scaling: source.scaling)
            let mu = CountData.linearPredictor(design, w, offset: c.offset).map { exp($0) }
            let s = c.weights, y = c.targets
            deviance += CountStatistics.poissonDeviance(counts: y, means: mu, weights: s)
            pearson += CountStatistics.pearsonChi2(counts: y, means: mu, weights: s)
            for i in 0..<y.count {
                let si = s?[i] ?? 1, e = y[i] - mu[i]
                momentNumerator += si * (e * e - y[i])
                momentDenominator += si * mu[i] * mu[i]
            }
        }
        let t = source.total([deviance, pearson, momentNumerator, momentDenominator])
        (deviance, pearson, momentNumerator, momentDenominator) = (t[0], t[1], t[2], t[3])
    }

    /// NegativeBinomial.momentDispersion's rule on the summed parts: the floor 0.01 unless larger.
    var momentDispersion: Double {
        let alpha = momentNumerator / momentDenominator
        return alpha.isFinite && alpha > 0.01 ? alpha : 0.01
    }
}

extension StreamedEstimator {
    /// The Poisson fit NB starts from, and α₀.
    package static func countStart<S: ShardSource>(_ poisson: S, rows: LocalRows, strengths: [Double], from x0: [Double],
                                                   units: FitUnits, threads: Int? = nil) throws -> CountStart {
        let f = PartitionedObjective(source: poisson, penaltyStrengths: strengths)
        let r = try Estimator.minimize(f, from: x0, in: units.scale(.poisson),
                                       using: Newton(stopping: StoppingCriteria(maxIterations: 200), recordTrace: false),
                                       threads: threads, trace: nil)
        if let e = f.failure { throw e }
        let loss = f.evaluate(at: r.solution, hessian: true).value - ridgePenalty(strengths, r.solution)
        let sums = try CountSums(rows, at: r.solution)
        return CountStart(solution: r.solution, alpha: sums.momentDispersion, converged: r.converged, logLikelihood: -loss, result: r,
                          boundary: DispersionBoundary(momentNumerator: sums.momentNumerator))
    }

    /// --summary of a streamed count model: ℓ, AIC, BIC, the model-based covariance H⁻¹ (the last
    /// pass was at the solution), Poisson's deviance and Pearson χ² from one more pass, NB's α with
    /// its standard error and the likelihood-ratio test against the Poisson start.
    static func summarizeCount(spec: FitSpecification, model: ShardModel, source: LocalRows, shell: Design, solution: [Double],
                               hessian h: Matrix, loss: Double, external: [[Double]], observations n: Double,
                               poisson: CountStart?, robust: ((Matrix) throws -> Matrix)?, into fitted: inout FittedModel) throws {
        let ll = -loss
        let stats = FitStatistics(logLikelihood: ll, parameters: solution.count, weightedObservations: n)
        var covariance: Matrix? = nil
        if spec.l2 == 0, let bread = try? Covariance.inverseHessian(h) {
            let c = try robust?(bread) ?? bread
            fitted.covariance = spec.covariance
            if model == .negativeBinomial {
                covariance = try NegativeBinomial(design: shell, counts: [], offset: nil).externalCovariance(c, inUnits: true)
            } else {
                covariance = shell.externalCovariance(c, inUnits: true)
            }
        }
        if model == .poisson {
            let sums = try CountSums(source, at: solution)
            fitted.deviance = sums.deviance
            fitted.pearsonChi2 = sums.pearson
            if let note = source.passNote { fitted.notes.append("--summary: \(note) for the deviance and Pearson χ²") }
        }
        Estimator.summarize(estimates: external, covariance: covariance, units: shell.coefficientUnits, rowsPerBlock: 1, stats: stats,
                            spec: spec, into: &fitted)
        if model == .poisson, let poisson, fitted.alpha == 0 {
            // NB at the boundary α = 0: the Poisson fit with α counted as a parameter, LR = 0.
            let withAlpha = FitStatistics(logLikelihood: ll, parameters: solution.count + 1, weightedObservations: n)
            (fitted.aic, fitted.bic) = (withAlpha.aic, withAlpha.bic)
            (fitted.poissonLogLikelihood, fitted.likelihoodRatio) = (poisson.logLikelihood, 0)
            fitted.likelihoodRatioPValue = CountStatistics.boundaryLikelihoodRatioPValue(0)
        }
        guard model == .negativeBinomial else { return }
        let p = solution.count - 1
        if let c = covariance { fitted.alphaStandardError = fitted.alpha! * Swift.max(0, c[p, p]).squareRoot() }
        if spec.l2 == 0, let poisson, poisson.converged {
            let lr = Swift.max(0, 2 * (ll - poisson.logLikelihood))
            fitted.poissonLogLikelihood = poisson.logLikelihood
            fitted.likelihoodRatio = lr
            fitted.likelihoodRatioPValue = CountStatistics.boundaryLikelihoodRatioPValue(lr)
        }
    }
}
