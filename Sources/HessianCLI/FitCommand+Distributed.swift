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
    ///
    /// `fitter` gets the progress callback of rank 0's progress line (nil on other ranks and when
    /// standard error is not a terminal).
    public func runDistributed(reporting: Bool, threads: Int, silentStatus: (Error) -> Int32?,
                               fitter: (String, FitSpecification, CSVReader, Estimator.Trace?,
                                        (@Sendable (StreamProgress) -> Void)?) throws -> FittedModel) -> Int32 {
        var fitting = false
        let line = reporting ? StreamProgressLine.make() : nil
        defer { line?.finish() }
        do {
            let (spec, reader) = try distributedSpecification(threads: threads)
            fitting = true
            let traceCallback: Estimator.Trace? = trace && reporting ? { record in line?.finish(); return Self.traceLine(record) } : nil
            let progress: (@Sendable (StreamProgress) -> Void)? = line.map { l in { @Sendable p in l.update(p) } }
            let fitted = try FormulaCLI.reporting { try fitter(file, spec, reader, traceCallback, progress) }
            line?.finish()
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
        let spec = try specification()
        guard [.leastSquares, .logistic, .multinomial, .poisson, .negativeBinomial].contains(spec.model) else {
            throw CLIError(description: "--model must be least-squares, logistic, multinomial, poisson or negative-binomial, got \"\(model.rawValue)\"", status: .usage)
        }
        let unsupported: [(String, Bool)] = [("--covariance \(spec.covariance.label)", spec.covariance.needsLeverages),
                                             ("--standardize with --weights", standardize && weights != nil)]
        if let (name, _) = unsupported.first(where: { $0.1 }) {
            throw CLIError(description: "\(name) is not supported by fit-mpi yet; use fit", status: .usage)
        }
        var reader = try input.reader()
        reader.threads = threads
        if spec.model == .logistic || spec.model == .multinomial {
            if let label = labelColumn { reader.textColumns = [label] } else { reader.textOfLastColumn = true }
        }
        return (spec, reader)
    }
}
