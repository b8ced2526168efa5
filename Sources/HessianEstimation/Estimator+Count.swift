import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianSolvers
import HessianInference
import HessianData

/// The offset and exposure columns of a count-model fit, read from the table before its feature
/// columns are taken. The total offset is oᵢ + log tᵢ.
struct CountOffsets {
    var offset: Table?
    var exposure: Table?

    init(_ table: borrowing Table, _ spec: FitSpecification) {
        offset = spec.offset.flatMap { try? table.columnIndex($0) }.map { table.selecting($0) }
        exposure = spec.exposure.flatMap { try? table.columnIndex($0) }.map { table.selecting($0) }
    }

    /// The same columns restricted to the rows that `sampling` keeps (frequency weight > 0).
    func selecting(_ sampling: RowSampling) -> CountOffsets {
        var o = self
        o.offset = offset.map(sampling.select)
        o.exposure = exposure.map(sampling.select)
        return o
    }

    /// The indices of the offset and exposure columns; throws for an unknown column, for a model
    /// that takes no offset, or when a column is also the target or a feature.
    static func columnIndices(_ table: borrowing Table, _ spec: FitSpecification, target: Int?) throws -> [Int] {
        var indices: [Int] = []
        for (option, name) in [("offset", spec.offset), ("exposure", spec.exposure)] {
            guard let name else { continue }
            guard spec.model.isCountModel else {
                throw SpecificationError.offsetForNonCountModel(exposure: option == "exposure")
            }
            let j = try table.columnIndex(name)
            if j == target {
                throw EstimationError.invalidOption("\(table.source): column \"\(name)\" is the target and cannot also be the \(option) column")
            }
            if spec.features?.contains(name) == true {
                throw EstimationError.invalidOption("\(table.source): column \"\(name)\" is the \(option) column and cannot also be a feature")
            }
            indices.append(j)
        }
        return indices
    }

    /// o + log t per row, or nil without either column. Throws naming the row for a non-finite
    /// offset or an exposure that is not > 0.
    func values(rows n: Int) throws -> [Double]? {
        guard offset != nil || exposure != nil else { return nil }
        var o = [Double](repeating: 0, count: n)
        if let t = offset {
            let v = try t.numbers(0)
            for i in 0..<n { o[i] += v[i] }
        }
        if let t = exposure {
            let v = try t.numbers(0)
            for i in 0..<n {
                guard v[i] > 0 else {
                    throw EstimationError.model(file: t.source, message: "row \(t.lines[i]), column \"\(t.names[0])\": exposure \(Table.label(v[i])) is not > 0 (the offset is its log)")
                }
                o[i] += log(v[i])
            }
        }
        try checkRange(o)
        return o
    }

    /// Every e^{oᵢ} must be finite: the expected count e^{η} overflows otherwise, whatever the
    /// coefficients (the starting point alone would be −∞). The first row beyond is named.
    func checkRange(_ o: [Double]) throws {
        guard let i = o.firstIndex(where: { $0 > ValueRangeError.largestOffset }) else { return }
        let column = offset ?? exposure!
        let value = offset.map { $0.values.storage[i] } ?? o[i]
        throw ValueRangeError.offsetOverflow(file: column.source, line: Int(column.lines[i]), column: column.names[0], value: value)
    }

    /// The columns named in an overflow of the total exposure.
    var names: [String] { [offset, exposure].compactMap { $0?.names[0] } }

    /// The target column as counts; throws naming the first row that is not a non-negative integer.
    static func counts(_ table: Table) throws -> [Double] {
        let y = try table.numbers(0)
        if let i = y.firstIndex(where: { !CountData.isCount($0) }) {
            if y[i] > ValueRangeError.largestCount && y[i] == y[i].rounded(.towardZero) {
                throw ValueRangeError.countTooLarge(file: table.source, line: Int(table.lines[i]), column: table.names[0], value: y[i])
            }
            throw EstimationError.model(file: table.source, message: "row \(table.lines[i]), column \"\(table.names[0])\": \(Table.label(y[i])) is not a count (counts must be non-negative integers)")
        }
        return y
    }
}

extension Estimator {
    /// Poisson, or NB2 started from the Poisson fit and the moment estimate of α.
    static func fitCount(_ x: Matrix, table: Table, offsets: CountOffsets, spec: FitSpecification,
                         sampling: RowSampling, into fitted: inout FittedModel, trace: Trace?) throws {
        let y = try CountOffsets.counts(table)
        let offset = try offsets.values(rows: x.rows)
        fitted.offset = spec.offset
        fitted.exposure = spec.exposure
        if !y.contains(where: { $0 > 0 }) {
            throw EstimationError.model(file: table.source, message: "every count in column \"\(table.names[0])\" is zero: the log-linear model has no finite estimate")
        }
        let design = try Design(x, intercept: spec.intercept, weights: sampling.weights, scaling: .automatic)
        let s = sampling.weights, n = sampling.observations
        if spec.l2 == 0 { try checkEstimable(x, table: table, fitted: fitted, parameters: design.parametersPerOutput) }
        let poisson = try Poisson(design: design, counts: y, offset: offset, l2: spec.l2)
        // Start: the intercept-only MLE b = log(Σy / Σe^o) (zero coefficients without an intercept).
        var start = [Double](repeating: 0, count: poisson.dimension)
        if spec.intercept {
            let exposure = totalExposure(offset, weights: s, rows: y.count)
            if !exposure.isFinite { throw ValueRangeError.exposureTotalOverflow(file: table.source, columns: offsets.names) }
            start[0] = log(weightedSum(y, weights: s) / exposure)
        }
        let pr: OptimizationResult
        let units = FitUnits(design, target: weightedSum(y, weights: s) / n)
        if spec.model == .poisson {
            pr = try solve(poisson, from: start, in: units.scale(.poisson), spec: spec, trace: trace)
            record(pr, into: &fitted)
        } else {
            pr = try minimize(poisson, from: start, in: units.scale(.poisson),
                              using: Newton(stopping: StoppingCriteria(maxIterations: 200), recordTrace: false), trace: nil)
        }
        let poissonMeans = poisson.linearPredictor(at: pr.solution).map { exp($0) }
        // The Poisson fit's coefficients and --summary (also NB's at the boundary α = 0, with one more
        // parameter counted).
        func reportPoisson(parameters k: Int) throws {
            fitted.coefficients = .vector(poisson.externalCoefficients(pr.solution))
            guard spec.summary else { return }
            let stats = FitStatistics(logLikelihood: -poisson.loss(at: pr.solution), parameters: k, weightedObservations: n)
            fitted.deviance = CountStatistics.poissonDeviance(counts: y, means: poissonMeans, weights: s)
            fitted.pearsonChi2 = CountStatistics.pearsonChi2(counts: y, means: poissonMeans, weights: s)
            let covariance = spec.l2 == 0
                ? try Estimator.covariance(poisson, at: pr.solution, spec: spec, sampling: sampling,
                                           file: table.source, lines: table.lines, into: &fitted)
                    .map { design.externalCovariance($0, inUnits: true) }
                : nil
            summarize(estimates: [fitted.coefficients!.rows[0]], covariance: covariance, units: design.coefficientUnits, rowsPerBlock: 1,
                      stats: stats, spec: spec, into: &fitted)
        }
        guard spec.model == .negativeBinomial else { return try reportPoisson(parameters: poisson.dimension) }

        let model = try NegativeBinomial(design: design, counts: y, offset: offset, l2: spec.l2)
        let alpha0 = NegativeBinomial.momentDispersion(counts: y, means: poissonMeans, weights: s)
        let r = try solve(model, from: pr.solution + [log(alpha0)], in: units.scale(.negativeBinomial, alpha: alpha0),
                          spec: spec, trace: trace)
        let meanCount = weightedSum(y, weights: s) / n
        let boundary = DispersionBoundary(momentNumerator: NegativeBinomial.momentNumerator(counts: y, means: poissonMeans, weights: s))
        if spec.l2 == 0 && boundary.applies(converged: r.converged, alpha: exp(r.solution[model.dimension - 1]), meanCount: meanCount) {
            record(pr, into: &fitted)
            fitted.alpha = 0
            fitted.notes.append(boundary.note)
            try reportPoisson(parameters: model.dimension)
            if spec.summary && pr.converged {
                (fitted.poissonLogLikelihood, fitted.likelihoodRatio) = (-poisson.loss(at: pr.solution), 0)
                fitted.likelihoodRatioPValue = CountStatistics.boundaryLikelihoodRatioPValue(0)
            }
            return
        }
        record(r, into: &fitted)
        try reportNegativeBinomial(model, at: r.solution, poisson: (poisson, pr), spec: spec, sampling: sampling, table: table,
                                   into: &fitted)
    }

    /// NB2's coefficients, α and --summary at the interior estimate `w`, with the likelihood-ratio
    /// test against the Poisson fit it started from.
    private static func reportNegativeBinomial(_ model: NegativeBinomial, at w: [Double], poisson: (model: Poisson, fit: OptimizationResult),
                                               spec: FitSpecification, sampling: RowSampling, table: Table,
                                               into fitted: inout FittedModel) throws {
        let external = model.externalCoefficients(w)
        let p = model.dimension - 1
        fitted.coefficients = .vector(Array(external[0..<p]))
        let alpha = exp(external[p])
        fitted.alpha = alpha
        if alpha < 1e-6 {
            // The likelihood increases towards α = 0 (no overdispersion): the estimate sits at the
            // boundary, where the Wald standard error of α means nothing.
            fitted.notes.append("α = \(alpha) is at the boundary α → 0: the counts show no overdispersion, so the Poisson model describes them as well")
        }
        guard spec.summary else { return }
        let ll = -model.loss(at: w)
        let stats = FitStatistics(logLikelihood: ll, parameters: model.dimension, weightedObservations: sampling.observations)
        let covariance = spec.l2 == 0
            ? try Estimator.covariance(model, at: w, spec: spec, sampling: sampling,
                                       file: table.source, lines: table.lines, into: &fitted)
                .map { model.externalCovariance($0, inUnits: true) }
            : nil
        summarize(estimates: [fitted.coefficients!.rows[0]], covariance: covariance, units: model.design.coefficientUnits, rowsPerBlock: 1,
                  stats: stats, spec: spec, into: &fitted)
        if let c = covariance { fitted.alphaStandardError = alpha * Swift.max(0, c[p, p]).squareRoot() }
        if spec.l2 == 0 && poisson.fit.converged {
            let llPoisson = -poisson.model.loss(at: poisson.fit.solution)
            let lr = Swift.max(0, 2 * (ll - llPoisson))
            fitted.poissonLogLikelihood = llPoisson
            fitted.likelihoodRatio = lr
            fitted.likelihoodRatioPValue = CountStatistics.boundaryLikelihoodRatioPValue(lr)
        }
    }

    /// Σ sᵢ yᵢ (Σ yᵢ for unit weights).
    private static func weightedSum(_ y: [Double], weights s: [Double]?) -> Double {
        guard let s else { return y.reduce(0, +) }
        return zip(y, s).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Σ sᵢ exp(oᵢ), the total exposure (Σ sᵢ, or N, without an offset).
    private static func totalExposure(_ offset: [Double]?, weights s: [Double]?, rows: Int) -> Double {
        guard let offset else { return s.map { $0.reduce(0, +) } ?? Double(rows) }
        return weightedSum(offset.map { exp($0) }, weights: s)
    }
}
