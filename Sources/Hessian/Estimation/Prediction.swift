/// Predictions of a saved model on new rows, matched to the model's features by column name.
public struct Predictions: Sendable {
    /// Column names of the output, e.g. ["prediction"], ["probability", "label"],
    /// ["p_setosa", …, "label"].
    public var header: [String]
    /// Numeric output columns (one array per numeric column, N entries each).
    public var numbers: [[Double]]
    /// The predicted class label per row (classifiers), else nil.
    public var labels: [String]?
}

extension FittedModel {
    /// Predicts for every row of `table`: least squares ŷ = b + xᵀw; logistic P(second class)
    /// and the label (positive when P ≥ 0.5); multinomial the softmax probabilities and the most
    /// probable class. Features are found by name; --standardize means and stds are applied.
    public func predict(_ table: Table) throws -> Predictions {
        guard model != .logdet else {
            throw EstimationError.invalidOption("a logdet model (a precision matrix) makes no predictions")
        }
        let columns = featureColumns
        let indices = try columns.map { try table.columnIndex($0) }
        var x = try table.matrix(indices)
        if standardize, let means, let stds {
            guard means.count == columns.count, stds.count == columns.count else {
                throw EstimationError.invalidOption("the model file's means/stds do not match its \(columns.count) features")
            }
            x = Standardization(means: means, stds: stds).apply(x)
        }
        guard let coefficients else { throw EstimationError.invalidOption("the model file has no coefficients") }
        let p = columns.count + (intercept ? 1 : 0)
        switch model {
        case .leastSquares, .logistic:
            guard case .vector(let w) = coefficients, w.count == p else {
                throw EstimationError.invalidOption("the model file's coefficients do not match its \(p) parameters")
            }
            if model == .leastSquares {
                return Predictions(header: ["prediction"], numbers: [LeastSquares.predict(x, coefficients: w, intercept: intercept)], labels: nil)
            }
            guard let classes, classes.count == 2 else { throw EstimationError.invalidOption("the model file needs two classes") }
            let prob = Logistic.probabilities(x, coefficients: w, intercept: intercept)
            return Predictions(header: ["probability", "label"], numbers: [prob],
                               labels: prob.map { $0 >= 0.5 ? classes[1] : classes[0] })
        case .multinomial:
            let rows = coefficients.rows
            guard let classes, rows.count == classes.count, rows.allSatisfy({ $0.count == p }) else {
                throw EstimationError.invalidOption("the model file's coefficients do not match its classes and \(p) parameters")
            }
            let w = try Matrix(rows)
            let prob = Multinomial.probabilities(x, coefficients: w, intercept: intercept)
            var labels = [String]()
            for i in 0..<x.rows {
                var best = 0
                for k in 1..<classes.count where prob[i, k] > prob[i, best] { best = k }
                labels.append(classes[best])
            }
            return Predictions(header: classes.map { "p_\($0)" } + ["label"],
                               numbers: (0..<classes.count).map { prob.column($0) }, labels: labels)
        case .logdet:
            fatalError("unreachable")
        }
    }
}
