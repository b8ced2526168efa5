import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianSolvers
import HessianInference
import HessianLinearProgramming
import HessianData

// One fit per model: build the objective, check that the estimate exists, solve, then the
// summary statistics that model defines.
extension Estimator {
    static func fitLeastSquares(_ x: Matrix, target: Int, table: Table, spec: FitSpecification, sampling: RowSampling,
                                into fitted: inout FittedModel, trace: Trace?) throws {
        let y = try table.numbers(target)
        let design = try Design(x, intercept: spec.intercept, weights: sampling.weights, scaling: .automatic)
        if spec.l2 == 0 { try checkEstimable(x, table: table, fitted: fitted, parameters: design.parametersPerOutput) }
        // The fit is of ỹ = y/u (FitUnits): coefficients, residuals and standard errors scale back by u.
        let units = FitUnits(design, target: ObjectiveScale.meanMagnitude(y))
        let u = units.target
        let model = try LeastSquares(design: design, targets: y.map { $0 / u }, l2: spec.l2)
        let r = try solve(model, from: [Double](repeating: 0, count: model.dimension), in: units.scale(.leastSquares), spec: spec, trace: trace)
        record(r, into: &fitted)
        fitted.objective = r.value * u * u
        let w = design.externalCoefficients(r.solution, unit: u)
        fitted.coefficients = .vector(w)
        guard spec.summary else { return }
        let n = sampling.observations, p = model.dimension
        let rss = 2 * model.loss(at: r.solution)
        // Least squares is a Gaussian likelihood with unknown σ²: Cov(ŵ) = σ̂² (XᵀX)⁻¹ with the
        // unbiased σ̂² = RSS/(N − p) (as statsmodels' bse); ℓ uses the ML σ̂² = RSS/N (N = Σ sᵢ),
        // where RSS = u²·RSS(ỹ) enters as log RSS = log RSS(ỹ) + 2 log u.
        let ll = FitStatistics.gaussianLogLikelihood(residualSumOfSquares: rss, weightedObservations: n) - n * log(u)
        let stats = FitStatistics(logLikelihood: ll, parameters: p, weightedObservations: n)
        var covariance: Matrix? = nil
        if spec.l2 == 0 && (n > Double(p) || spec.covariance.isSandwich) {
            covariance = try Estimator.covariance(model, at: r.solution, spec: spec, sampling: sampling,
                                                  modelScale: rss / (n - Double(p)), leverages: model.leverages,
                                                  file: table.source, lines: table.lines, into: &fitted)
                .map { design.externalCovariance($0, inUnits: true) }
        }
        summarize(estimates: [w], covariance: covariance, units: design.coefficientUnits(unit: u), rowsPerBlock: 1, stats: stats,
                  spec: spec, into: &fitted)
    }

    static func fitLogistic(_ x: Matrix, target: Int, table: Table, spec: FitSpecification, sampling: RowSampling,
                            into fitted: inout FittedModel, trace: Trace?) throws {
        let (classes, codes) = try table.categories(target)
        guard classes.count == 2 else {
            throw EstimationError.wrongClassCount(file: table.source, column: table.names[target], model: .logistic, classes: classes)
        }
        fitted.classes = classes
        let labels = codes.map(Double.init)
        let design = try Design(x, intercept: spec.intercept, weights: sampling.weights, scaling: .automatic)
        if spec.l2 == 0 {
            try checkEstimable(x, table: table, fitted: fitted, parameters: design.parametersPerOutput)
            try checkSeparation(Separation.logistic(x, intercept: spec.intercept, labels: labels), names: fitted.features,
                                file: table.source, into: &fitted)
        }
        let model = try Logistic(design: design, labels: labels, l2: spec.l2)
        let r = try solve(model, from: [Double](repeating: 0, count: model.dimension), in: FitUnits(design).scale(.logistic),
                          spec: spec, trace: trace)
        record(r, into: &fitted)
        let w = model.externalCoefficients(r.solution)
        fitted.coefficients = .vector(w)
        guard spec.summary else { return }
        let probabilities = Logistic.probabilities(x, coefficients: w, intercept: spec.intercept)
        // Frequency-weighted: every count is Σ sᵢ over the rows concerned (N = Σ sᵢ).
        let s = sampling.weights
        var correct = 0.0, positives = 0.0
        for i in 0..<labels.count {
            if (probabilities[i] >= 0.5) == (labels[i] == 1) { correct += s?[i] ?? 1 }
            if labels[i] == 1 { positives += s?[i] ?? 1 }
        }
        let n = sampling.observations
        let stats = FitStatistics(logLikelihood: -model.loss(at: r.solution), parameters: model.dimension,
                                  weightedObservations: n,
                                  nullLogLikelihood: FitStatistics.nullLogLikelihood(classTotals: [n - positives, positives]),
                                  accuracy: correct / n)
        let covariance = spec.l2 == 0
            ? try Estimator.covariance(model, at: r.solution, spec: spec, sampling: sampling, file: table.source,
                                       lines: table.lines, into: &fitted).map { design.externalCovariance($0, inUnits: true) } : nil
        summarize(estimates: [w], covariance: covariance, units: design.coefficientUnits, rowsPerBlock: 1, stats: stats, spec: spec,
                  into: &fitted)
    }

    static func fitMultinomial(_ x: Matrix, target: Int, table: Table, spec: FitSpecification, sampling: RowSampling,
                               into fitted: inout FittedModel, trace: Trace?) throws {
        let (classes, codes) = try table.categories(target)
        guard classes.count >= 2 else {
            throw EstimationError.wrongClassCount(file: table.source, column: table.names[target], model: .multinomial, classes: classes)
        }
        fitted.classes = classes
        let m = classes.count
        try MemoryBudget.require(.classProbabilities(rows: x.rows, classes: m, column: table.names[target]), file: table.source)
        try MemoryBudget.requireSolver(spec, parameters: m * (x.columns + (spec.intercept ? 1 : 0)),
                                       factor: .init(column: table.names[target], levels: m), file: table.source)
        let design = try Design(x, intercept: spec.intercept, weights: sampling.weights, scaling: .automatic)
        if spec.l2 == 0 { try checkEstimable(x, table: table, fitted: fitted, parameters: design.parametersPerOutput) }
        // λ = 0: the first class is the reference (its row is zero); λ > 0: all classes free.
        if spec.l2 == 0 {
            let names = classes.dropFirst().flatMap { k in fitted.features.map { "\($0) (class \(k))" } }
            try checkSeparation(Separation.multinomial(x, intercept: spec.intercept, codes: codes, classes: m), names: names,
                                file: table.source, into: &fitted)
        }
        let model = try Multinomial(design: design, labels: codes, classes: m, l2: spec.l2,
                                    parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
        let units = FitUnits(design).scale(.multinomial(classes: m, parametrization: model.parametrization))
        let r = try solve(model, from: [Double](repeating: 0, count: model.dimension), in: units, spec: spec, trace: trace)
        record(r, into: &fitted)
        let external = model.externalCoefficients(r.solution)
        var w = model.coefficientMatrix(external)
        if spec.l2 > 0 && spec.intercept {
            // With all classes free the unpenalized intercepts are determined only up to a common
            // shift (softmax is shift-invariant): report the representative with Σₖ bₖ = 0, which is
            // also what the penalty enforces on every feature column at the optimum.
            centerIntercepts(&w)
        }
        let rows = (0..<m).map { w.row($0) }
        fitted.coefficients = .matrix(rows)
        guard spec.summary else { return }
        let p = design.parametersPerOutput, kk = model.freeClasses
        let probabilities = Multinomial.probabilities(x, coefficients: w, intercept: spec.intercept)
        var correct = 0.0
        var counts = [Double](repeating: 0, count: m)
        for i in 0..<codes.count {
            let si = sampling.weights?[i] ?? 1
            counts[codes[i]] += si
            var best = 0
            for k in 1..<m where probabilities[i, k] > probabilities[i, best] { best = k }
            if best == codes[i] { correct += si }
        }
        let stats = FitStatistics(logLikelihood: -model.loss(at: r.solution), parameters: model.dimension,
                                  weightedObservations: sampling.observations,
                                  nullLogLikelihood: FitStatistics.nullLogLikelihood(classTotals: counts),
                                  accuracy: correct / sampling.observations)
        var covariance: Matrix? = nil
        if spec.l2 == 0, let c = try Estimator.covariance(model, at: r.solution, spec: spec, sampling: sampling,
                                                          file: table.source, lines: table.lines, into: &fitted) {
            // Reorder vec(W_free) (index k + K·j) to class-major rows, the reference class first with zeros.
            let ext = model.externalCovariance(c, inUnits: true)
            let first = model.firstFreeClass
            var full = Matrix(rows: m * p, columns: m * p)
            for k in 0..<kk { for j in 0..<p { for l in 0..<kk { for jj in 0..<p {
                full[(k + first) * p + j, (l + first) * p + jj] = ext[k + kk * j, l + kk * jj]
            } } } }
            covariance = full
        }
        summarize(estimates: rows, covariance: covariance, units: design.coefficientUnits, rowsPerBlock: m, stats: stats, spec: spec,
                  into: &fitted)
    }

    static func fitLogDeterminant(_ x: Matrix, file: String, spec: FitSpecification,
                                  into fitted: inout FittedModel, trace: Trace?) throws {
        let rows = x.rows, n = x.columns
        if spec.l2 == 0 {
            // S = (1/N) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ has rank ≤ N − 1: singular unless N > n.
            if rows <= n { throw EstimationError.logdetTooFewRows(file: file, rows: rows, variables: n) }
            if let group = Collinearity.dependentColumns(x, intercept: true) {
                throw EstimationError.singularCovariance(file: file, columns: group.map { fitted.features[$0] })
            }
        }
        let s = PrecisionEstimation.sampleCovariance(x)
        // Unpenalized, the fit is of S̃ = U⁻¹SU⁻¹ (U = diag of √Sᵢᵢ rounded to powers of two, exact),
        // whose precision is Θ̃ = UΘU, so that entries of 2⁻⁵⁰⁰ or 2⁵⁰⁰ neither overflow nor
        // underflow in the model; a penalty (λ/2)‖Θ‖² is not invariant under U, so it keeps S.
        let u = spec.l2 == 0 ? (0..<n).map { ObjectiveScale.powerOfTwo(Swift.max(0, s[$0, $0]).squareRoot()) }
                             : [Double](repeating: 1, count: n)
        let normalized = Matrix(rows: n, columns: n) { i, j in s[i, j] / (u[i] * u[j]) }
        let model = try PrecisionEstimation(covariance: normalized, l2: spec.l2)
        let r = try solve(model, from: model.suggestedStart, in: FitUnits.precision(normalized), spec: spec, trace: trace)
        record(r, into: &fitted)
        let thetaUnits = Matrix(rows: n, columns: n, storage: r.solution).symmetrized
        let theta = Matrix(rows: n, columns: n) { i, j in thetaUnits[i, j] / (u[i] * u[j]) }
        fitted.precision = (0..<n).map { theta.row($0) }
        guard spec.summary else { return }
        // Gaussian log-likelihood of the centred rows with precision Θ:
        // ℓ = (N/2)(log|Θ| − tr(SΘ) − n log 2π), with log|Θ| = log|Θ̃| − 2Σ log uᵢ and tr(SΘ) = tr(S̃Θ̃);
        // k = n(n+1)/2 free entries.
        if let logDetUnits = try? thetaUnits.logDeterminantSPD() {
            let logDet = logDetUnits - 2 * u.reduce(0) { $0 + log($1) }
            var trace = 0.0
            for i in 0..<n { for j in 0..<n { trace += normalized[i, j] * thetaUnits[j, i] } }
            let ll = Double(rows) / 2 * (logDet - trace - Double(n) * log(2 * Double.pi))
            let stats = FitStatistics(logLikelihood: ll, parameters: n * (n + 1) / 2, observations: rows)
            fitted.logLikelihood = stats.logLikelihood
            fitted.aic = stats.aic
            fitted.bic = stats.bic
        }
    }
}
