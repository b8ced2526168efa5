import ArgumentParser
import Foundation
import Hessian

/// `fit-mpi`: the options of `fit`, run by every MPI rank on its share of the file.
///
/// The MPI layer is not a dependency of HessianCLI: `fit-mpi` passes the distributed fit in as
/// `fitter`. Rank 0 (`reporting`) alone prints the result, writes --output and reports errors
/// that every rank hits alike (options); an error raised by the fitter is printed by the rank
/// that raised it, and `silentStatus` recognises the agreed failures of the other ranks.
extension FitCommand {
    /// The fit-mpi entry point; returns the exit status of this rank.
    public func runDistributed(reporting: Bool, threads: Int, silentStatus: (Error) -> Int32?,
                               fitter: (String, FitSpecification, CSVReader, Estimator.Trace?) throws -> FittedModel) -> Int32 {
        var fitting = false
        do {
            let (spec, reader) = try distributedSpecification(threads: threads)
            fitting = true
            let traceCallback: Estimator.Trace? = trace && reporting ? { Self.traceLine($0) } : nil
            let fitted = try fitter(file, spec, reader, traceCallback)
            fitting = false
            guard reporting else { return fitted.converged ? ExitStatus.success.rawValue : ExitStatus.notConverged.rawValue }
            return try report(fitted, command: "fit-mpi").rawValue
        } catch {
            if let s = silentStatus(error) { return s }
            if reporting || fitting { Console.error("fit-mpi: \(error)") }
            return ExitStatus.of(error).rawValue
        }
    }

    /// The exit status `fit` gives for an error.
    public static func exitStatus(of error: Error) -> Int32 { ExitStatus.of(error).rawValue }

    /// Validates the options as `fit` does and rejects those fit-mpi does not support yet.
    func distributedSpecification(threads: Int) throws -> (FitSpecification, CSVReader) {
        let kind = model
        guard [.leastSquares, .logistic, .multinomial].contains(kind) else {
            throw CLIError(description: "--model must be least-squares, logistic or multinomial, got \"\(kind.rawValue)\"", status: .usage)
        }
        try OptionChecks.nonNegative("--l2", l2)
        if let tol { try OptionChecks.nonNegative("--tol", tol) }
        if let maxIter, maxIter < 0 { throw CLIError(description: "--max-iter must be ≥ 0, got \(maxIter)", status: .usage) }
        if let output { try AtomicFile.check(output, inputs: [file]) }
        let unsupported: [(String, Bool)] = [
            ("--formula", formula != nil), ("--missing drop", missing != "strict"), ("--weights", weights != nil),
            ("--cluster", cluster != nil), ("--covariance", covariance != nil), ("--summary", summary),
            ("--offset", offset != nil), ("--exposure", exposure != nil),
        ]
        if let (name, _) = unsupported.first(where: { $0.1 }) {
            throw CLIError(description: "\(name) is not supported by fit-mpi yet; use fit", status: .usage)
        }
        let featureList = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let spec = FitSpecification(model: kind, target: target, features: featureList, l2: l2, intercept: !noIntercept,
                                    standardize: standardize, solver: solver, tolerance: tol, maxIterations: maxIter,
                                    summary: false)
        var reader = try input.reader()
        reader.threads = threads
        if kind != .leastSquares {
            if let target { reader.textColumns = [target] } else { reader.textOfLastColumn = true }
        }
        return (spec, reader)
    }
}
