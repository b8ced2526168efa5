import HessianSolvers
import HessianInference

/// The statsmodels-results side of a fitted model: named coefficients with their inference,
/// the solver's result, and an initializer that wraps a model minimized directly.
extension FittedModel {
    /// One coefficient in user units with its name and, when standard errors were computed,
    /// its Wald inference.
    public struct NamedCoefficient: Sendable, Equatable {
        /// The feature's name ("intercept" for the intercept).
        public var name: String
        /// The class the coefficient belongs to (multinomial), else nil.
        public var classLabel: String?
        /// The estimate.
        public var estimate: Double
        /// Standard error, z, p-value and 95 % interval (summary fits only).
        public var inference: CoefficientInference?
    }

    /// Every coefficient in user units, class by class (multinomial), in ``features`` order.
    /// Empty for logdet (see ``precision``).
    public var coefficientTable: [NamedCoefficient] {
        let rows = coefficients?.rows ?? []
        let se = standardErrors?.rows, z = zValues?.rows, p = pValues?.rows, lo = lower95?.rows, hi = upper95?.rows
        var table: [NamedCoefficient] = []
        for (k, row) in rows.enumerated() {
            for (j, value) in row.enumerated() where j < features.count {
                var inference: CoefficientInference? = nil
                if let se, let z, let p, let lo, let hi {
                    inference = CoefficientInference(estimate: value, standardError: se[k][j])
                    inference?.z = z[k][j]
                    inference?.pValue = p[k][j]
                    inference?.lower = lo[k][j]
                    inference?.upper = hi[k][j]
                }
                table.append(NamedCoefficient(name: features[j], classLabel: model == .multinomial ? classes?[k] : nil,
                                              estimate: value, inference: inference))
            }
        }
        return table
    }

    /// The coefficient called `name` (of class `classLabel` for multinomial), or nil.
    /// - Parameters:
    ///   - name: "intercept" or a feature (design column) name.
    ///   - classLabel: the class, for multinomial models; nil otherwise.
    public func coefficient(_ name: String, classLabel: String? = nil) -> Double? {
        coefficientTable.first { $0.name == name && $0.classLabel == classLabel }?.estimate
    }

    /// The solver's result as saved: `solution` holds the coefficients in user units (class by
    /// class) or Θ row by row (logdet); the gradient and the per-iteration trace are not kept.
    public var optimizationResult: OptimizationResult {
        let solution = coefficients.map { $0.rows.flatMap { $0 } } ?? (precision ?? []).flatMap { $0 }
        return OptimizationResult(solver: solver?.rawValue ?? "custom", solution: solution, value: objective, gradient: [],
                                  gradientNorm: gradientNorm, iterations: iterations, evaluations: evaluations ?? .init(),
                                  elapsed: elapsed, termination: termination, message: message, notes: notes)
    }

    /// Wraps a model minimized directly (e.g. ``/HessianModels/Logistic`` with ``/HessianSolvers/minimize(_:from:using:threads:trace:)``)
    /// so it can be summarized, saved and used for prediction.
    ///
    /// `coefficients` are in user units (the model's `externalCoefficients` of the solution):
    /// `.vector` aligned with "intercept" (when `intercept`) then `featureNames`, or `.matrix`
    /// with one such row per class (multinomial); for logdet, Θ as `.matrix`. `classes` are the
    /// class labels in the order of the model's codes (classifiers), `target` the target's name,
    /// `l2` the penalty the objective had, `rows` the number of observations, and `result` what
    /// `minimize` returned for `model`.
    /// - Parameters:
    ///   - model: the kind of model that was minimized.
    ///   - featureNames: the feature (column) names, in X's column order.
    ///   - coefficients: the solution in user units, shaped as described above.
    ///   - intercept: whether the first coefficient is the intercept (default true).
    ///   - classes: the class labels (classifiers), else nil.
    ///   - target: the target's name, or nil.
    ///   - l2: λ of the objective (default 0).
    ///   - rows: N, the observations.
    ///   - result: the ``/HessianSolvers/OptimizationResult`` of the run.
    public init(model: ModelKind, featureNames: [String], coefficients: Coefficients, intercept: Bool = true,
                classes: [String]? = nil, target: String? = nil, l2: Double = 0, rows: Int,
                result: OptimizationResult) {
        let withIntercept = intercept && model != .logdet
        self.init(model: model, solver: SolverKind(rawValue: result.solver), converged: result.converged,
                  termination: result.termination, message: result.message, iterations: result.iterations,
                  objective: result.value, gradientNorm: result.gradientNorm, l2: l2, intercept: withIntercept,
                  standardize: false, features: (withIntercept ? ["intercept"] : []) + featureNames,
                  target: model == .logdet ? nil : (target ?? "y"), classes: classes,
                  coefficients: model == .logdet ? nil : coefficients,
                  precision: model == .logdet ? coefficients.rows : nil, means: nil, stds: nil, rows: rows,
                  standardErrors: nil, zValues: nil, pValues: nil, lower95: nil, upper95: nil, logLikelihood: nil,
                  aic: nil, bic: nil, pseudoR2: nil, accuracy: nil, notes: result.notes, elapsed: result.elapsed)
        evaluations = result.evaluations
    }
}
