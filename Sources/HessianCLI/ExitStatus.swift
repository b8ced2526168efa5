import Hessian

/// The exit statuses of `fit` and `predict` (documented in `--help` and docs/CLI.md).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Success (and, for fit, the solver converged).
    case success = 0
    /// fit: the solver stopped without converging; the best point and the reason are still printed.
    case notConverged = 3
    /// fit: the data do not determine a finite, unique estimate: fewer rows than parameters,
    /// collinear columns, (quasi-)complete separation, logdet with no more rows than variables.
    case notEstimable = 4
    /// Command-line usage: unknown option or value (swift-argument-parser's code).
    case usage = 64
    /// Bad data: malformed CSV, non-numeric / missing / NaN / ±inf cell, unknown column,
    /// wrong number of classes, invalid model file.
    case dataError = 65
    /// The input file does not exist or cannot be read.
    case noInput = 66
    /// Internal error (a bug).
    case software = 70
    /// The output file cannot be written.
    case cannotCreate = 73
    /// Writing standard output or standard error failed (full disk, closed descriptor,
    /// broken pipe): sysexits' EX_IOERR.
    case ioError = 74

    static let helpText = """
    Exit status: 0 success (converged); 3 solver did not converge (best point still printed, \
    no --output written); 4 model not estimable from these data (fewer rows than parameters, \
    collinear columns, complete or quasi-complete separation, logdet with no more rows than \
    variables and --l2 0); 64 usage error (also an invalid --formula); 65 bad data (malformed CSV, \
    non-numeric, missing, NaN or infinite cell, unknown column, wrong number of classes, unseen \
    category level, values that overflow, a design or Hessian larger than the memory limit: half \
    of physical memory or HESSIAN_MEMORY_LIMIT); 66 input file missing or unreadable (also a \
    directory, FIFO or device, or a file changed between --stream passes); 73 output file cannot \
    be written (or would replace an input, or is not a regular file); 74 writing standard output \
    or standard error, or the --stream temporary copy in TMPDIR, failed; 70 internal error.
    """

    /// The status for an error thrown while fitting or predicting.
    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case let e as DataError:
            switch e {
            case .fileNotFound, .unreadable, .notARegularFile, .changedWhileReading: return .noInput
            default: return .dataError
            }
        case let e as EstimationError:
            switch e {
            case .tooFewRows, .collinear, .separation, .logdetTooFewRows, .singularCovariance: return .notEstimable
            case .wrongClassCount, .model, .invalidInput: return .dataError
            case .invalidOption: return .usage
            }
        case is SpecificationError: return .usage
        case is FormulaError: return .usage
        case is DesignError: return .dataError
        case is ModelFileTooLarge, is ValueRangeError, is CoefficientRangeError: return .dataError
        case is SpillError: return .ioError
        case let e as MemoryLimitError:
            if case .invalidLimit = e { return .usage }
            return .dataError
        case is CLIError: return (error as! CLIError).status
        default: return .software
        }
    }
}

/// An error of the command-line layer with its exit status.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: ExitStatus
}
