import HessianLinearAlgebra

/// Fits from in-memory arrays, in the spirit of scikit-learn's `fit(X, y)`: the arrays become a
/// ``/HessianData/Table`` named "<array>" and go through ``Estimator/fit(_:_:trace:)``, so the estimates,
/// checks and messages are those of the CSV path and the `fit` tool.
extension Estimator {
    /// The column names given to the optional per-row arrays (they cannot be feature names).
    public enum ArrayColumn {
        /// The frequency weights' column.
        public static let weights = "(weights)"
        /// The offset's column (count models).
        public static let offset = "(offset)"
        /// The exposure's column (count models).
        public static let exposure = "(exposure)"
        /// The cluster labels' column (cluster-robust covariance).
        public static let cluster = "(cluster)"
    }

    /// Fits `specification.model` to the rows of `x` (N×p, one row per observation) with the
    /// targets or class labels `labels` (N entries).
    ///
    /// `featureNames` name x's columns (default x1, x2, …) in the coefficients' names and match
    /// columns when predicting; `targetName` names the target in reports. `weights` are
    /// frequency weights sᵢ (finite, ≥ 0, not all 0: row i counts as sᵢ rows); `offset` and
    /// `exposure` are the count models' offset (added to the linear predictor) and exposure t > 0
    /// (log t added); `clusters` label the rows for `covariance == .cluster`. The column-name
    /// fields of `specification` (target, features, weights, offset, exposure, cluster) are set
    /// from these arguments; a formula may refer to `featureNames` and `targetName`. `trace`
    /// sees every solver iteration.
    public static func fit<Label: FitLabel>(
        _ x: Matrix, labels: [Label], specification: FitSpecification,
        featureNames: [String]? = nil, targetName: String = "y", weights: [Double]? = nil,
        offset: [Double]? = nil, exposure: [Double]? = nil, clusters: [String]? = nil,
        trace: Trace? = nil
    ) throws -> FittedModel {
        var spec = specification
        guard labels.count == x.rows else {
            throw EstimationError.invalidInput("\(labels.count) labels for \(x.rows) rows")
        }
        let classifier = spec.model.isClassifier
        if classifier && !(Label.self == String.self), let i = labels.firstIndex(where: { !$0.labelNumber.isFinite }) {
            throw EstimationError.invalidInput("label \(i + 1) is not a finite number")
        }
        var extra = [ArrayTable.Column(name: targetName, numbers: labels.map(\.labelNumber),
                                       text: classifier || Label.self == String.self ? labels.map(\.labelText) : nil)]
        extra += auxiliaryColumns(&spec, weights: weights, offset: offset, exposure: exposure, clusters: clusters)
        let names = featureNames ?? ArrayTable.defaultNames(x.columns)
        if spec.formula == nil {
            spec.target = targetName
            spec.features = names
        }
        return try fit(try ArrayTable.make(x, names: names, extra: extra), spec, trace: trace)
    }

    /// The matrix form of this fit with the rows given as arrays (all of the same length).
    public static func fit<Label: FitLabel>(
        _ rows: [[Double]], labels: [Label], specification: FitSpecification,
        featureNames: [String]? = nil, targetName: String = "y", weights: [Double]? = nil,
        offset: [Double]? = nil, exposure: [Double]? = nil, clusters: [String]? = nil,
        trace: Trace? = nil
    ) throws -> FittedModel {
        try fit(try matrix(rows, width: featureNames?.count), labels: labels, specification: specification,
                featureNames: featureNames, targetName: targetName, weights: weights, offset: offset,
                exposure: exposure, clusters: clusters, trace: trace)
    }

    /// Fits a model without a target (`.logdet`: the columns of `x` are the variables).
    public static func fit(_ x: Matrix, specification: FitSpecification, featureNames: [String]? = nil,
                           trace: Trace? = nil) throws -> FittedModel {
        guard !specification.model.needsTarget else {
            throw EstimationError.invalidInput("\(specification.model.rawValue) needs labels")
        }
        var spec = specification
        let names = featureNames ?? ArrayTable.defaultNames(x.columns)
        spec.features = names
        return try fit(try ArrayTable.make(x, names: names, extra: []), spec, trace: trace)
    }

    /// ``fit(_:specification:featureNames:trace:)`` with the rows given as arrays.
    public static func fit(_ rows: [[Double]], specification: FitSpecification, featureNames: [String]? = nil,
                           trace: Trace? = nil) throws -> FittedModel {
        try fit(try matrix(rows, width: featureNames?.count), specification: specification,
                featureNames: featureNames, trace: trace)
    }

    /// Rows as a matrix; no rows gives N = 0 columns `width` (so the error is about the rows).
    static func matrix(_ rows: [[Double]], width: Int?) throws -> Matrix {
        if rows.isEmpty { return Matrix(rows: 0, columns: width ?? 0) }
        do {
            return try Matrix(rows)
        } catch {
            throw EstimationError.invalidInput("the rows have different lengths (\(error))")
        }
    }

    static func auxiliaryColumns(_ spec: inout FitSpecification, weights: [Double]?, offset: [Double]?,
                                 exposure: [Double]?, clusters: [String]?) -> [ArrayTable.Column] {
        var extra: [ArrayTable.Column] = []
        spec.weights = weights.map { _ in ArrayColumn.weights }
        spec.offset = offset.map { _ in ArrayColumn.offset }
        spec.exposure = exposure.map { _ in ArrayColumn.exposure }
        spec.cluster = clusters.map { _ in ArrayColumn.cluster }
        if let weights { extra.append(.init(name: ArrayColumn.weights, numbers: weights)) }
        if let offset { extra.append(.init(name: ArrayColumn.offset, numbers: offset)) }
        if let exposure { extra.append(.init(name: ArrayColumn.exposure, numbers: exposure)) }
        if let clusters {
            extra.append(.init(name: ArrayColumn.cluster, numbers: clusters.map(\.labelNumber), text: clusters))
        }
        return extra
    }
}
