import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianSolvers
import HessianInference
import HessianLinearProgramming
import HessianData

/// Table + specification → fitted model: picks the columns, builds the model, runs the solver,
/// maps the coefficients back to user units, checks that the estimate exists (enough rows, no
/// collinear columns, no separation) and, if asked, computes standard errors and likelihood
/// statistics.
public enum Estimator {
    /// A callback that sees every solver iteration and can stop the fit.
    public typealias Trace = (IterationRecord) -> TraceAction

    /// Fits the model `specification` describes to `input`, as the `fit` tool does.
    ///
    /// Consumes the table: its feature columns become the model's matrix without a copy when
    /// they come first (see ``/HessianData/Table/takeMatrix(_:)``).
    public static func fit(_ input: consuming Table, _ specification: FitSpecification, trace: Trace? = nil) throws -> FittedModel {
        let start = Date()
        // Formula and missing values: the table becomes the design's columns (see FitPreparation).
        let prepared = try FitPreparation(consume input, specification)
        let table = prepared.table, spec = prepared.spec
        let file = table.source
        guard spec.l2.isFinite && spec.l2 >= 0 else {
            throw SpecificationError.penalty(spec.l2)
        }
        if let t = spec.tolerance, !(t.isFinite && t >= 0) {
            throw SpecificationError.tolerance(t)
        }
        if let m = spec.maxIterations, m < 0 {
            throw SpecificationError.maxIterations(m)
        }

        // Columns.
        var targetIndex: Int? = nil
        if spec.model != .logdet {
            targetIndex = try spec.target.map { try table.columnIndex($0) } ?? (table.columnCount - 1)
        }
        let sampling = try RowSampling(table, spec, target: targetIndex)  // --weights, --cluster
        let offsetIndices = try CountOffsets.columnIndices(table, spec, target: targetIndex)
        let featureIndices = try features(table, spec, target: targetIndex, auxiliary: sampling.columns + offsetIndices)
        let featureNames = featureIndices.map { table.names[$0] }
        if spec.model != .multinomial && spec.model != .logdet {
            // Multinomial checks its class-sized blocks once it knows the classes.
            let parameters = featureIndices.count + (spec.intercept ? 1 : 0) + (spec.model == .negativeBinomial ? 1 : 0)
            try MemoryBudget.requireSolver(spec, parameters: parameters, factor: prepared.design?.widestFactor, file: file)
        }
        let targetName = targetIndex.map { table.names[$0] }
        let rowCount = table.rowCount
        // The target alone (read after the features, so their errors still come first).
        let targetTable = targetIndex.map { sampling.select(table.selecting($0)) }
        let offsets = CountOffsets(table, spec).selecting(sampling)
        var x = try (consume table).takeMatrix(featureIndices)
        x = sampling.select(x)
        var notes: [String] = []
        var means: [Double]? = nil, stds: [Double]? = nil
        if spec.standardize {
            let z = sampling.weights.map { Standardization(x, weights: $0) } ?? Standardization(x)
            z.apply(to: &x)
            means = z.means
            stds = z.stds
            for j in z.constantColumns { notes.append("column \"\(featureNames[j])\" is constant; left unscaled by standardization") }
        }

        var fitted = FittedModel(model: spec.model, l2: spec.l2, intercept: spec.model == .logdet ? false : spec.intercept,
                                 standardize: spec.standardize,
                                 features: (spec.intercept && spec.model != .logdet ? ["intercept"] : []) + featureNames,
                                 target: targetName, classes: nil, means: means, stds: stds, rows: rowCount, notes: notes)
        record(sampling, spec: spec, into: &fitted)

        do {
            switch spec.model {
            case .leastSquares:
                try fitLeastSquares(x, target: 0, table: targetTable!, spec: spec, sampling: sampling, into: &fitted, trace: trace)
            case .logistic:
                try fitLogistic(x, target: 0, table: targetTable!, spec: spec, sampling: sampling, into: &fitted, trace: trace)
            case .multinomial:
                try fitMultinomial(x, target: 0, table: targetTable!, spec: spec, sampling: sampling, into: &fitted, trace: trace)
            case .logdet:
                try fitLogDeterminant(x, file: file, spec: spec, into: &fitted, trace: trace)
            case .poisson, .negativeBinomial:
                try fitCount(x, table: targetTable!, offsets: offsets, spec: spec, sampling: sampling, into: &fitted, trace: trace)
            }
        } catch let e as ModelError {
            throw EstimationError.model(file: file, message: e.description)
        }
        fitted.design = prepared.design
        fitted.rowsDropped = prepared.dropped?.total
        fitted.rowsDroppedByColumn = prepared.dropped?.byColumn
        try fitted.checkRepresentable(file: file)
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    /// The feature columns: `spec.features`, or every column but the target and the auxiliary ones
    /// (weights, clusters, offsets); throws if the target is among them or none is left where the
    /// model needs one.
    static func features(_ table: borrowing Table, _ spec: FitSpecification, target: Int?, auxiliary: [Int]) throws -> [Int] {
        let file = table.source
        let indices: [Int]
        if let names = spec.features {
            indices = try names.map { try table.columnIndex($0) }
            if let t = target, indices.contains(t) {
                throw EstimationError.invalidOption("\(file): column \"\(table.names[t])\" is the target and cannot also be a feature")
            }
        } else {
            indices = (0..<table.columnCount).filter { $0 != target && !auxiliary.contains($0) }
        }
        if indices.isEmpty && (spec.model == .logdet || !spec.intercept) {
            throw EstimationError.invalidOption("\(file): no feature columns to fit")
        }
        return indices
    }

    // MARK: - Shared steps

    static func solve<F: Objective>(_ f: F, from x0: [Double], in scale: ObjectiveScale, spec: FitSpecification,
                                    trace: Trace?) throws -> OptimizationResult {
        var stopping = StoppingCriteria()
        if let t = spec.tolerance { stopping.gradientTolerance = t }
        if let m = spec.maxIterations { stopping.maxIterations = m }
        let kind = spec.solver ?? SolverKind.default(for: spec.model, parameters: f.dimension)
        return try minimize(f, from: x0, in: scale, using: kind.make(stopping: stopping), trace: trace)
    }

    /// Runs `solver` on f̃(z) = f(Dz)/σ (``/HessianModels/ScaledObjective``) from z₀ = D⁻¹x₀, and returns
    /// the result in f's coordinates: x* = Dz*, f(x*) and ∇f(x*). The gradient norm, the message and
    /// the trace stay those of f̃, whose stopping test the run passed or failed.
    /// - Parameters:
    ///   - f: the objective.
    ///   - x0: the start, in f's coordinates.
    ///   - scale: σ and D (``FitUnits``).
    ///   - solver: the method.
    ///   - threads: the thread budget, or nil for the one in effect.
    ///   - trace: called after every iteration, or nil.
    package static func minimize<F: Objective, S: Solver>(_ f: F, from x0: [Double], in scale: ObjectiveScale, using solver: S,
                                                       threads: Int? = nil, trace: Trace?) throws -> OptimizationResult {
        guard !scale.isUnit else { return try HessianSolvers.minimize(f, from: x0, using: solver, threads: threads, trace: trace) }
        let scaled = ScaledObjective(f, scale: scale)
        var r = try HessianSolvers.minimize(scaled, from: scaled.scaledPoint(x0), using: solver, threads: threads, trace: trace)
        r.solution = scaled.basePoint(r.solution)
        r.value *= scale.value
        r.gradient = scaled.baseGradient(r.gradient)
        return r
    }

    /// Subtracts the mean of column 0 (the classes' intercepts) from it: the representative Σₖ bₖ = 0.
    package static func centerIntercepts(_ w: inout Matrix) {
        var mean = 0.0
        for k in 0..<w.rows { mean += w[k, 0] }
        mean /= Double(w.rows)
        for k in 0..<w.rows { w[k, 0] -= mean }
    }

    package static func record(_ r: OptimizationResult, into fitted: inout FittedModel) {
        fitted.solver = SolverKind(rawValue: r.solver)
        fitted.converged = r.converged
        fitted.termination = r.termination
        fitted.evaluations = r.evaluations
        fitted.message = r.message
        fitted.iterations = r.iterations
        fitted.objective = r.value
        fitted.gradientNorm = r.gradientNorm
        fitted.notes += r.notes
    }

    /// Fills the --summary fields. `estimates` has one row per class (one row for a vector);
    /// `covariance` is in class-major order (row k's coefficient j at k·p + j), in units: the standard
    /// error of coefficient j of every row is `units[j]`·√C (`Design.coefficientUnits`, times u for
    /// least squares' ỹ = y/u), which stays finite where the variance would overflow.
    static func summarize(estimates: [[Double]], covariance: Matrix?, units: [Double], rowsPerBlock: Int, stats: FitStatistics,
                          spec: FitSpecification, into fitted: inout FittedModel) {
        fitted.logLikelihood = stats.logLikelihood
        fitted.aic = stats.aic
        fitted.bic = stats.bic
        fitted.pseudoR2 = stats.pseudoR2
        fitted.accuracy = stats.accuracy
        if spec.l2 > 0 {
            fitted.notes.append("standard errors are not reported: with a penalty (l2 > 0) the inverse Hessian is not a valid covariance of the estimates")
            return
        }
        guard fitted.converged else {
            // Away from the optimum H⁻¹ is not the asymptotic covariance of the estimate, so z and
            // p computed from it would be numbers with no meaning.
            fitted.notes.append("standard errors, z, p-values and intervals are not reported: the solver did not converge, so this point is not the maximum-likelihood estimate")
            return
        }
        guard let c = covariance else {
            fitted.notes.append("standard errors are not available: the Hessian at the solution is singular")
            return
        }
        let p = estimates[0].count
        var tables: [[CoefficientInference]] = []
        for (k, row) in estimates.enumerated() {
            tables.append(row.indices.map { j in
                CoefficientInference(estimate: row[j], standardError: Swift.max(0, c[k * p + j, k * p + j]).squareRoot() * units[j])
            })
        }
        func shape(_ f: (CoefficientInference) -> Double) -> Coefficients {
            let rows = tables.map { $0.map(f) }
            return rowsPerBlock == 1 ? .vector(rows[0]) : .matrix(rows)
        }
        fitted.standardErrors = shape { $0.standardError }
        fitted.zValues = shape { $0.z }
        fitted.pValues = shape { $0.pValue }
        fitted.lower95 = shape { $0.lower }
        fitted.upper95 = shape { $0.upper }
    }

    /// Before an unpenalized fit: enough rows for the parameters, and no collinear columns.
    static func checkEstimable(_ x: Matrix, table: Table, fitted: FittedModel, parameters p: Int) throws {
        if x.rows < p { throw EstimationError.tooFewRows(file: table.source, rows: x.rows, parameters: p) }
        if let group = Collinearity.dependentColumns(x, intercept: fitted.intercept) {
            let zero = group.count == 1 && !x.column(group[0]).contains { $0 != 0 }
            throw collinear(group, zero: zero, fitted: fitted, file: table.source)
        }
    }

    /// The error for a dependent group of feature columns. A lone column is all zeros when
    /// `zero`, else (with an intercept) a nonzero constant, collinear with the intercept.
    package static func collinear(_ group: [Int], zero: Bool = false, fitted: FittedModel, file: String) -> EstimationError {
        let names = fitted.featureColumns
        var involved = group.map { names[$0] }
        if group.count == 1 && fitted.intercept && !zero { involved.append("intercept") }
        return EstimationError.collinear(file: file, columns: involved)
    }

    /// ``collinear(_:zero:fitted:file:)`` from a Gram G = [1 | X]ᵀ[1 | X]: a column is all zeros
    /// exactly when its diagonal entry is 0.
    package static func collinear(_ group: [Int], gram g: Matrix, fitted: FittedModel, file: String) -> EstimationError {
        let offset = fitted.intercept ? 1 : 0
        let zero = group.count == 1 && g[group[0] + offset, group[0] + offset] == 0
        return collinear(group, zero: zero, fitted: fitted, file: file)
    }

    /// Before an unpenalized classifier fit: the maximum-likelihood estimate exists only without
    /// complete or quasi-complete separation, decided by Konis' linear program (`Separation`),
    /// which needs no solver run; a check that could not run leaves a note instead.
    static func checkSeparation(_ outcome: Separation.Outcome, names: [String], file: String,
                                into fitted: inout FittedModel) throws {
        switch outcome {
        case .notSeparated: return
        case .separated(let diverging): throw EstimationError.separation(file: file, coefficients: diverging.map { names[$0] })
        case .skipped(let reason): fitted.notes.append(reason)
        }
    }
}
