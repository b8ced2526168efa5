extension FittedModel {
    /// A model description before its solver has run (no coefficients yet, not converged), for
    /// estimators outside this module such as the data-parallel one of HessianMPI.
    package init(model: ModelKind, l2: Double, intercept: Bool, standardize: Bool, features: [String], target: String?,
                classes: [String]?, means: [Double]?, stds: [Double]?, rows: Int, notes: [String]) {
        self.init(model: model, solver: nil, converged: false, termination: .iterationLimit, message: "", iterations: 0,
                  objective: .nan, gradientNorm: .nan, l2: l2, intercept: intercept, standardize: standardize,
                  features: features, target: target, classes: classes, coefficients: nil, precision: nil,
                  means: means, stds: stds, rows: rows, standardErrors: nil, zValues: nil, pValues: nil,
                  lower95: nil, upper95: nil, logLikelihood: nil, aic: nil, bic: nil, pseudoR2: nil, accuracy: nil,
                  notes: notes, elapsed: 0)
    }
}
