import HessianLinearAlgebra

/// Predictions from in-memory rows, in the spirit of scikit-learn's `predict`,
/// `predict_proba` and `decision` on arrays. The columns of `x` are the model's inputs in
/// order: ``FittedModel/featureColumns`` (or, for a formula model, the formula's numeric
/// source columns); the rows go through ``FittedModel/predict(_:missing:unknownLevels:)``.
extension FittedModel {
    /// The input columns an array passed to `predict(_:offset:exposure:)` must have, in order.
    public var inputColumns: [String] {
        design.map { d in d.sourceColumns.filter { $0 != d.response } } ?? featureColumns
    }

    /// Predicts for the rows of `x` (N × ``inputColumns``.count). Count models fitted with an
    /// offset or exposure need those values per row.
    /// - Parameters:
    ///   - x: N rows of the model's ``inputColumns``, in user units.
    ///   - offset: N offsets when the model was fitted with an offset column, else nil.
    ///   - exposure: N exposures (> 0) when the model was fitted with an exposure column, else nil.
    /// - Throws: ``EstimationError/invalidInput(_:)`` for the wrong column count or a missing or
    ///   unexpected offset/exposure; ``/HessianData/DataError`` for a non-finite entry.
    public func predict(_ x: Matrix, offset: [Double]? = nil, exposure: [Double]? = nil) throws -> Predictions {
        let names = inputColumns
        guard x.columns == names.count else {
            throw EstimationError.invalidInput("the model has \(names.count) input columns (\(EstimationError.list(names))), the rows have \(x.columns)")
        }
        var extra: [ArrayTable.Column] = []
        for (name, values, option) in [(self.offset, offset, "offset"), (self.exposure, exposure, "exposure")] {
            guard let name else {
                if values != nil { throw EstimationError.invalidInput("the model was fitted without an \(option)") }
                continue
            }
            guard let values else { throw EstimationError.invalidInput("the model was fitted with an \(option): pass one value per row") }
            extra.append(.init(name: name, numbers: values))
        }
        return try predict(try ArrayTable.make(x, names: names, extra: extra))
    }

    /// The matrix form of this prediction with the rows given as arrays.
    /// - Parameters:
    ///   - rows: N rows of the model's ``inputColumns``.
    ///   - offset: N offsets for a model fitted with one, else nil.
    ///   - exposure: N exposures for a model fitted with one, else nil.
    public func predict(_ rows: [[Double]], offset: [Double]? = nil, exposure: [Double]? = nil) throws -> Predictions {
        try predict(try Estimator.matrix(rows, width: inputColumns.count), offset: offset, exposure: exposure)
    }

    /// One number per row: least squares ŷ, count models the expected count μ, logistic
    /// P(second class). Multinomial models have one probability per class: use
    /// ``predictProbabilities(_:)``.
    /// - Parameters:
    ///   - rows: N rows of the model's ``inputColumns``.
    ///   - offset: N offsets for a model fitted with one, else nil.
    ///   - exposure: N exposures for a model fitted with one, else nil.
    public func predictValues(_ rows: [[Double]], offset: [Double]? = nil, exposure: [Double]? = nil) throws -> [Double] {
        guard model != .multinomial else {
            throw EstimationError.invalidInput("a multinomial model predicts one probability per class, not one value")
        }
        return try predict(rows, offset: offset, exposure: exposure).numbers[0]
    }

    /// Classifiers: per row, the probability of each class in ``classes`` order.
    /// - Parameter rows: N rows of the model's ``inputColumns``.
    /// - Throws: ``EstimationError/invalidInput(_:)`` for a model that is not a classifier.
    public func predictProbabilities(_ rows: [[Double]]) throws -> [[Double]] {
        guard model.isClassifier else {
            throw EstimationError.invalidInput("a \(model.rawValue) model does not predict class probabilities")
        }
        let p = try predict(rows)
        if model == .logistic { return p.numbers[0].map { [1 - $0, $0] } }
        return (0..<rows.count).map { i in p.numbers.map { $0[i] } }
    }

    /// Classifiers: the predicted class of each row (logistic: the second class when its
    /// probability is ≥ 0.5; multinomial: the most probable class).
    /// - Parameter rows: N rows of the model's ``inputColumns``.
    public func predictLabels(_ rows: [[Double]]) throws -> [String] {
        guard model.isClassifier else {
            throw EstimationError.invalidInput("a \(model.rawValue) model does not predict class labels")
        }
        return try predict(rows).labels ?? []
    }
}
