import ArgumentParser
import Foundation
import Hessian

/// `fit`: estimate a model from a CSV file.
public struct FitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit least-squares, logistic, multinomial, Poisson, negative binomial or log-determinant (precision) models to a CSV file.",
        discussion: """
        The CSV has a header row (or use --no-header); the target is the last column unless \
        --target names it; --features picks the feature columns (default: all others). logdet has \
        no target: all chosen columns are the variables, and it estimates the precision matrix Θ \
        minimizing tr(SΘ) − log|Θ| + (λ/2)‖Θ‖²_F with S the ML covariance.

        --formula 'y ~ a + b + a:b + C(g, ref="x")' gives the target and terms instead (patsy/R \
        notation, patsy's treatment coding and column names: text columns are categorical). A cell \
        that is empty, NA, NaN or null is missing: an error unless --missing drop leaves its row out.

        Objective: sum of per-sample losses + (λ/2)‖w‖² with λ = --l2 (intercept unpenalized; \
        scikit-learn's C = 1/λ). Class labels may be numbers (sorted numerically) or strings \
        (sorted by bytes); logistic needs exactly two and models the second; multinomial with \
        --l2 0 uses the first class as reference (its row is zero), with --l2 > 0 all classes are free.

        Count models (poisson, negative-binomial = NB2 with α estimated jointly): the target must \
        hold non-negative integers; --offset COL adds a column to the linear predictor and \
        --exposure COL adds its log (values must be > 0); both are saved for predict.

        Default solver (by model and number of parameters p): newton for least squares and logdet \
        (its structured step); for logistic, poisson and negative-binomial newton up to p = 1000, \
        lbfgs beyond; for multinomial newton up to p = 400, trust-region (Steihaug-Toint CG) beyond. \
        Solver names are case-insensitive, accept _ for -, and l-bfgs for lbfgs.

        \(ExitStatus.helpText)
        """,
        version: Hessian.version)

    @Option(help: "The model (linear and ols also name least-squares).")
    var model: ModelKind

    @Argument(help: "The CSV file.")
    var file: String

    @Option(help: "Target column name (default: the last column).")
    var target: String?

    @Option(help: "Comma-separated feature column names (default: all but the target).")
    var features: String?

    @Option(help: "A formula 'y ~ a + b + a:b + C(g, ref=\"x\")' (patsy/R notation) instead of --target/--features; see docs/CLI.md.")
    var formula: String?

    @Option(help: "strict (a missing cell — empty, NA, NaN, null — is an error) | drop (leave out rows with a missing cell in a used column).")
    var missing: String = "strict"

    @OptionGroup var input: InputOptions

    @Option(help: "Count models: offset column, added to the linear predictor.")
    var offset: String?

    @Option(help: "Count models: exposure column t > 0; log t is added to the linear predictor.")
    var exposure: String?

    @Option(parsing: .unconditional, help: "L2 penalty λ ≥ 0 (objective = Σ loss + (λ/2)‖w‖², intercept unpenalized).")
    var l2: Double = 0

    @Flag(name: .customLong("no-intercept"), help: "Fit without an intercept.")
    var noIntercept = false

    @Flag(help: "Fit on z-scored features (population std); coefficients refer to them and the scaling is saved.")
    var standardize = false

    @Option(help: "The solver (default: by model and size, see above).")
    var solver: SolverKind?

    @Option(parsing: .unconditional, help: "Gradient tolerance ‖∇f̃‖∞ of the problem in the data's units (default 1e-8; docs/CLI.md).")
    var tol: Double?

    @Option(name: .customLong("max-iter"), parsing: .unconditional, help: "Maximum iterations (default 1000).")
    var maxIter: Int?

    @Flag(help: "Print per-iteration progress (and the CSV read rate) on stderr.")
    var trace = false

    @Flag(help: "Standard errors, z, p-values, 95% intervals, log-likelihood, AIC, BIC (unpenalized fits).")
    var summary = false

    // Robust covariances and frequency weights.
    @Option(help: "nonrobust | hc0 | hc1 | hc2 | hc3 | cluster: covariance of the estimates, as statsmodels' cov_type (hc2, hc3: least squares only). Implies --summary.")
    var covariance: String?

    @Option(help: "Cluster column (numbers or text) for cluster-robust standard errors; implies --covariance cluster and --summary.")
    var cluster: String?

    @Option(help: "Frequency-weight column: row i counts as that many identical rows (finite, ≥ 0, not all 0).")
    var weights: String?

    // Streamed fits.
    @Flag(help: "Read the CSV in row chunks, one pass per evaluation, in memory O(chunk + p²) (least-squares, logistic, multinomial, poisson, negative-binomial).")
    var stream = false

    @Option(name: .customLong("chunk-rows"), help: "Rows per chunk with --stream (default 16384).")
    var chunkRows: Int = 16_384

    @Flag(name: .customLong("no-spill"), help: "With --stream: re-parse the CSV at every pass instead of reading a temporary binary copy of the parsed chunks.")
    var noSpill = false

    @Option(help: "The output: the text report or one JSON document.")
    var format: OutputFormat = .text

    @Option(help: "Save the fitted model as JSON (written atomically) for predict.")
    var output: String?

    public init() {}

    public func run() throws {
        try runReportingErrors("fit") { try fit() }
    }

    func fit() throws -> ExitStatus {
        let spec = try specification()
        // A classifier's label column keeps its texts (labels compared and printed as written);
        // with a formula it is the response on the left of `~`.
        let classifier = spec.model == .logistic || spec.model == .multinomial
        let traceCallback: Estimator.Trace? = trace ? { Self.traceLine($0) } : nil
        let fitted: FittedModel
        if stream {
            fitted = try StreamedFitCLI.fit(file, input: input, spec: spec, chunkRows: chunkRows, spill: !noSpill, trace: traceCallback)
        } else {
            let table = try input.read(file, trace: trace, labels: classifier ? .some(labelColumn) : .none)
            fitted = try FormulaCLI.reporting { try Estimator.fit(consume table, spec, trace: traceCallback) }
        }

        return try report(fitted, command: "fit")
    }
}

extension FitCommand {
    /// One `--trace` line on stderr per iteration.
    static func traceLine(_ record: IterationRecord) -> TraceAction {
        Console.error(String(format: "iter %4d  f = %.12e  |g|inf = %.3e  step = %.3e  %.3f s",
                             record.iteration, record.value, record.gradientNorm, record.stepLength, record.elapsed))
        return .proceed
    }

    /// Prints the fit (text report or JSON) and, when the solver converged, writes `--output`
    /// atomically; a fit that did not converge is exit 3 and writes nothing.
    func report(_ fitted: FittedModel, command: String) throws -> ExitStatus {
        let encoded = try JSON.encoder().encode(fitted)
        if format == .json {
            try Console.output(String(decoding: encoded, as: UTF8.self) + "\n")
        } else {
            try Console.output(fitted.summary(source: file))
        }
        guard fitted.converged else {
            Console.error("\(command): the solver did not converge (\(fitted.termination)): \(fitted.message)"
                          + (output != nil ? "; \(output!) not written" : ""))
            return .notConverged
        }
        if let path = output { try AtomicFile.write(encoded + Data("\n".utf8), to: path, inputs: [file]) }
        return .success
    }

    /// A classifier's label column: --target, or a formula's response (nil: the last column).
    var labelColumn: String? { formula.flatMap { try? Formula($0).responseColumn } ?? target }

    /// The options as a specification, every value checked (usage errors, exit 64).
    func specification() throws -> FitSpecification {
        let kind = model
        try OptionChecks.nonNegative("--l2", l2)
        if let tol { try OptionChecks.nonNegative("--tol", tol) }
        if let maxIter, maxIter < 0 { throw CLIError(description: "--max-iter must be ≥ 0, got \(maxIter)", status: .usage) }
        if let output { try AtomicFile.check(output, inputs: [file]) }
        let solverKind = solver
        guard let missingPolicy = MissingPolicy(rawValue: missing) else {
            throw CLIError(description: "unknown --missing \"\(missing)\"; choose strict or drop", status: .usage)
        }
        if formula != nil && (target != nil || features != nil) {
            throw CLIError(description: "--formula and --target/--features are alternatives: put the target and the terms in the formula", status: .usage)
        }
        let featureList = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var spec = FitSpecification(model: kind, target: target, features: featureList, l2: l2, intercept: !noIntercept,
                                    standardize: standardize, solver: solverKind, tolerance: tol, maxIterations: maxIter,
                                    summary: summary)
        var covarianceType = CovarianceType.nonrobust
        if let name = covariance {
            guard let t = CovarianceType(name: name) else {
                throw CLIError(description: "unknown --covariance \"\(SafeText.excerpt(name))\"; choose nonrobust, hc0, hc1, hc2, hc3 or cluster", status: .usage)
            }
            covarianceType = t
        } else if cluster != nil {
            covarianceType = .cluster
        }
        spec.covariance = covarianceType
        spec.cluster = cluster
        spec.weights = weights
        if covariance != nil || cluster != nil { spec.summary = true }
        spec.offset = offset
        spec.exposure = exposure
        spec.formula = formula
        spec.missing = missingPolicy
        return spec
    }

}
