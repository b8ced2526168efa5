import HessianData

/// A saved model whose fields contradict each other or hold values no fit can produce
/// (so predictions from it would be NaN, ∞, unscaled or silently misaligned).
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The contradiction, in one line (the field and the values that disagree).
    public let description: String
}

extension FittedModel {
    /// Checks every field `predict` uses: feature names (distinct, "intercept" first exactly
    /// when `intercept`), coefficients (present, finite, shaped p per class with p = features
    /// + intercept; the count models' α, finite and > 0, is kept apart), classes (2 for logistic, ≥ 2 for multinomial, distinct), and the
    /// standardization (means and stds present exactly when `standardize`, one per feature,
    /// finite, stds > 0). The first violation is thrown.
    public func validateForPrediction() throws {
        func fail(_ s: String) -> ModelFileError { ModelFileError(description: s) }
        guard model != .logdet else { throw fail("a logdet model (a precision matrix) makes no predictions") }
        if intercept && features.first != "intercept" {
            throw fail("\"intercept\" is true but \"features\" does not start with \"intercept\"")
        }
        // A data column may itself be called "intercept" (fit allows it), so only the position
        // of the intercept's own entry is checked.
        let columns = featureColumns
        var seen = Set<String>()
        for name in columns where !seen.insert(name).inserted {
            throw fail("feature \"\(SafeText.excerpt(name))\" is listed twice")
        }
        let p = columns.count + (intercept ? 1 : 0)
        guard p > 0 else { throw fail("the model has no features and no intercept") }
        guard let coefficients else { throw fail("the model file has no coefficients") }
        switch model {
        case .leastSquares, .logistic, .poisson, .negativeBinomial:
            guard case .vector(let w) = coefficients else { throw fail("\"coefficients\" must be one array for \(model.rawValue)") }
            guard w.count == p else { throw fail("\"coefficients\" has \(w.count) entries for \(p) parameters (features + intercept)") }
        case .multinomial:
            guard case .matrix(let rows) = coefficients else { throw fail("\"coefficients\" must be one array per class for multinomial") }
            guard let classes, rows.count == classes.count else {
                throw fail("\"coefficients\" has \(coefficients.rows.count) rows for \(classes?.count ?? 0) classes")
            }
            for (k, row) in rows.enumerated() where row.count != p {
                throw fail("\"coefficients\" row \(k + 1) has \(row.count) entries for \(p) parameters (features + intercept)")
            }
        case .logdet: break
        }
        if let a = alpha, !(a.isFinite && a > 0) { throw fail("\"alpha\" is \(a); the negative binomial dispersion must be finite and > 0") }
        for (k, row) in coefficients.rows.enumerated() {
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                let name = j < features.count ? " (\(SafeText.excerpt(features[j])))" : ""
                throw fail("coefficient \(j + 1)\(name)\(coefficients.rows.count > 1 ? " of class \(k + 1)" : "") is \(row[j]), not a finite number")
            }
        }
        if model == .logistic || model == .multinomial {
            guard let classes else { throw fail("\"classes\" is missing") }
            if model == .logistic && classes.count != 2 { throw fail("logistic needs 2 classes, the file lists \(classes.count)") }
            if model == .multinomial && classes.count < 2 { throw fail("multinomial needs at least 2 classes, the file lists \(classes.count)") }
            var labels = Set<String>()
            for c in classes where !labels.insert(c).inserted { throw fail("class \"\(SafeText.excerpt(c))\" is listed twice") }
        }
        switch (standardize, means, stds) {
        case (true, let means?, let stds?):
            guard means.count == columns.count, stds.count == columns.count else {
                throw fail("\"means\" has \(means.count) and \"stds\" \(stds.count) entries for \(columns.count) features")
            }
            for j in 0..<columns.count {
                let name = SafeText.excerpt(columns[j])
                guard means[j].isFinite else { throw fail("the mean of \"\(name)\" is \(means[j]), not a finite number") }
                guard stds[j].isFinite else { throw fail("the std of \"\(name)\" is \(stds[j]), not a finite number") }
                guard stds[j] > 0 else { throw fail("the std of \"\(name)\" is \(stds[j]); it must be > 0") }
            }
        case (true, _, _):
            throw fail("\"standardize\" is true but \"means\" or \"stds\" is missing")
        case (false, nil, nil):
            break
        case (false, _, _):
            throw fail("\"means\"/\"stds\" are given but \"standardize\" is false")
        }
    }
}
