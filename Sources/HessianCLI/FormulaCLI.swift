import Hessian

/// How formula and missing-value errors read on the command line: formula errors are usage
/// errors prefixed with the option they come from; a missing cell under the strict policy
/// points to `--missing drop`.
enum FormulaCLI {
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as FormulaError {
            throw CLIError(description: "--formula: \(e)", status: .usage)
        } catch let e as DataError {
            switch e {
            case .missingCell, .missingValue:
                throw CLIError(description: "\(e); use --missing drop to leave out rows with missing values", status: .dataError)
            default: throw e
            }
        }
    }
}
