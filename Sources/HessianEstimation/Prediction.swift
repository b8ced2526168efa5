import HessianLinearAlgebra
import HessianModels
import HessianData

/// Predictions of a saved model on new rows, matched to the model's features by column name.
public struct Predictions: Sendable {
    /// Column names of the output, e.g. ["prediction"], ["probability", "label"],
    /// ["p_setosa", …, "label"].
    public var header: [String]
    /// Numeric output columns (one array per numeric column, N entries each).
    public var numbers: [[Double]]
    /// The predicted class label per row (classifiers), else nil.
    public var labels: [String]?
    /// Rows with no prediction (a missing cell or an unseen level, under the lenient policies);
    /// nil when every row has one. Their entries in `numbers` and `labels` are meaningless.
    public var missing: [Bool]? = nil
}

extension FittedModel {
    /// Predicts for every row of `table`: least squares ŷ = b + xᵀw; logistic P(second class)
    /// and the label (positive when P ≥ 0.5); multinomial the softmax probabilities and the most
    /// probable class; count models the expected count μ = exp(b + xᵀw + offset). Features are found by
    /// name; --standardize means and stds are applied. Called by ``predict(_:missing:unknownLevels:)``
    /// after ``validateForPrediction()``, so no field can yield NaN or ∞.
    func predictColumns(_ table: Table) throws -> Predictions {
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
                return try finite(Predictions(header: ["prediction"], numbers: [LeastSquares.predict(x, coefficients: w, intercept: intercept)], labels: nil), table)
            }
            guard let classes, classes.count == 2 else { throw EstimationError.invalidOption("the model file needs two classes") }
            let prob = Logistic.probabilities(x, coefficients: w, intercept: intercept)
            return try finite(Predictions(header: ["probability", "label"], numbers: [prob],
                                          labels: prob.map { $0 >= 0.5 ? classes[1] : classes[0] }), table)
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
            return try finite(Predictions(header: classes.map { "p_\($0)" } + ["label"],
                                          numbers: (0..<classes.count).map { prob.column($0) }, labels: labels), table)
        case .poisson, .negativeBinomial:
            guard case .vector(let w) = coefficients, w.count == p else {
                throw EstimationError.invalidOption("the model file's coefficients do not match its \(p) parameters")
            }
            return try finite(predictCounts(x, coefficients: w, table: table), table)
        case .logdet:
            fatalError("unreachable")
        }
    }

    /// The predictions if every number is finite. Finite coefficients and features can still
    /// overflow b + xᵀw (|values| near 1e308), which must be an error, not an "inf" cell.
    func finite(_ p: Predictions, _ table: Table) throws -> Predictions {
        for column in p.numbers {
            if let i = column.firstIndex(where: { !$0.isFinite }) {
                throw ModelFileError(description: "the prediction for row \(table.lines[i]) of \(SafeText.path(table.source)) overflows (b + xᵀw is not finite)")
            }
        }
        return p
    }
}

extension FittedModel {
    /// A model without an intercept whose first feature is "intercept" reads a data column of that
    /// name (fit allows one); when `table` has none, the model file is what is wrong: its
    /// "intercept" flag and its "features" disagree.
    func checkInterceptColumn(_ table: borrowing Table) throws {
        guard design == nil, !intercept, featureColumns.first == "intercept", !table.names.contains("intercept") else { return }
        throw ModelFileError(description: "\"intercept\" is false but \"features\" starts with \"intercept\", and \(SafeText.path(table.source)) has no column of that name; set \"intercept\": true if the model has an intercept")
    }
}
