import Foundation
import HessianData

/// Data that cannot be fitted as asked, phrased so the user knows what to change.
/// (Malformed files are `DataError`s; these are problems of the model on valid data.)
public enum EstimationError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A classifier's label column has the wrong number of classes.
    case wrongClassCount(file: String, column: String, model: ModelKind, classes: [String])
    /// An unpenalized fit with fewer rows than parameters.
    case tooFewRows(file: String, rows: Int, parameters: Int)
    /// Collinear (linearly dependent) or all-zero columns: the Hessian is singular.
    case collinear(file: String, columns: [String])
    /// `coefficients`: the parameters that diverge (named as in the report), when known.
    case separation(file: String, coefficients: [String] = [])
    /// logdet with λ = 0 and no more rows than variables.
    case logdetTooFewRows(file: String, rows: Int, variables: Int)
    /// logdet with λ = 0 on collinear columns.
    case singularCovariance(file: String, columns: [String])
    /// An option that does not fit the data (e.g. a column used twice); the message says which.
    case invalidOption(String)
    /// In-memory input of the wrong shape (array lengths, names); the message names the problem.
    case invalidInput(String)
    /// A model's own check of its data failed (e.g. a negative count).
    case model(file: String, message: String)

    /// The one-line message naming the file (or "<array>") and the columns involved.
    public var description: String {
        switch self {
        case .wrongClassCount(let f, let column, let model, let classes):
            let shown = classes.prefix(5).map { "\"\(SafeText.excerpt($0))\"" }.joined(separator: ", ") + (classes.count > 5 ? ", …" : "")
            switch model {
            case .logistic:
                return "\(SafeText.path(f)): logistic regression needs exactly 2 classes in column \"\(SafeText.excerpt(column))\", found \(classes.count) (\(shown))"
            default:
                return "\(SafeText.path(f)): multinomial regression needs at least 2 classes in column \"\(SafeText.excerpt(column))\", found \(classes.count) (\(shown))"
            }
        case .tooFewRows(let f, let rows, let parameters):
            return "\(SafeText.path(f)): \(rows) rows but \(parameters) parameters: an unpenalized fit needs at least as many rows as parameters"
        case .collinear(let f, let columns) where columns.count == 1:
            return "\(SafeText.path(f)): the Hessian is singular because column \"\(SafeText.excerpt(columns[0]))\" is all zeros"
        case .collinear(let f, let columns):
            return "\(SafeText.path(f)): the Hessian is singular because columns \(Self.list(columns)) are collinear (linearly dependent)"
        case .separation(let f, let coefficients) where coefficients.isEmpty:
            return "\(SafeText.path(f)): complete or quasi-complete separation: coefficients diverge"
        case .separation(let f, let coefficients):
            let shown = Array(coefficients.prefix(8)) + (coefficients.count > 8 ? ["\(coefficients.count - 8) more"] : [])
            return "\(SafeText.path(f)): complete or quasi-complete separation: the coefficients of \(Self.list(shown)) diverge (a linear program finds a direction along which the likelihood never decreases)"
        case .logdetTooFewRows(let f, let rows, let variables):
            return "\(SafeText.path(f)): \(rows) rows for \(variables) variables: the sample covariance is singular (it needs more rows than variables), so no precision matrix exists with λ = 0"
        case .singularCovariance(let f, let columns):
            return "\(SafeText.path(f)): the sample covariance is singular because columns \(Self.list(columns)) are collinear"
        case .invalidOption(let s):
            return s
        case .invalidInput(let s):
            return "\(ArrayTable.source): \(s)"
        case .model(let f, let message):
            return "\(SafeText.path(f)): \(message)"
        }
    }

    /// ``description``.
    public var errorDescription: String? { description }

    static func list(_ names: [String]) -> String {
        let q = names.map { "\"\(SafeText.excerpt($0))\"" }
        guard q.count > 1 else { return q.first ?? "" }
        return q.dropLast().joined(separator: ", ") + " and " + q.last!
    }
}
