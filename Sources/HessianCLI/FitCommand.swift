import ArgumentParser
import Foundation
import Hessian

/// `fit`: estimate a model from a CSV file.
public struct FitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit least-squares, logistic, multinomial or log-determinant (precision) models to a CSV file.",
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

        Default solver: newton (least squares, logdet with its structured step, and classifiers \
        up to 1000 parameters); lbfgs for larger classifiers.

        \(ExitStatus.helpText)
        """)

    @Option(help: "least-squares (or linear) | logistic | multinomial | logdet")
    var model: String

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

    @Option(help: "L2 penalty λ ≥ 0 (objective = Σ loss + (λ/2)‖w‖², intercept unpenalized).")
    var l2: Double = 0

    @Flag(name: .customLong("no-intercept"), help: "Fit without an intercept.")
    var noIntercept = false

    @Flag(help: "Fit on z-scored features (population std); coefficients refer to them and the scaling is saved.")
    var standardize = false

    @Option(help: "newton | trust-region | newton-cg | bfgs | lbfgs | gradient-descent (default: by model and size).")
    var solver: String?

    @Option(help: "Gradient tolerance ‖∇f‖∞ (default 1e-8).")
    var tol: Double?

    @Option(name: .customLong("max-iter"), help: "Maximum iterations (default 1000).")
    var maxIter: Int?

    @Flag(help: "Print per-iteration progress (and the CSV read rate) on stderr.")
    var trace = false

    @Flag(help: "Standard errors, z, p-values, 95% intervals, log-likelihood, AIC, BIC (unpenalized fits).")
    var summary = false

    @Option(help: "text | json")
    var format: String = "text"

    @Option(help: "Save the fitted model as JSON (written atomically) for predict.")
    var output: String?

    public init() {}

    public func run() throws {
        try runReportingErrors("fit") { try fit() }
    }

    func fit() throws -> ExitStatus {
        guard let kind = ModelKind(name: model) else {
            throw CLIError(description: "unknown --model \"\(model)\"; choose least-squares (linear), logistic, multinomial or logdet", status: .usage)
        }
        guard format == "text" || format == "json" else {
            throw CLIError(description: "unknown --format \"\(format)\"; choose text or json", status: .usage)
        }
        if let s = solver, !SolverChoice.names.contains(s) {
            throw CLIError(description: "unknown --solver \"\(s)\"; choose one of \(SolverChoice.names.joined(separator: ", "))", status: .usage)
        }
        guard let missingPolicy = MissingPolicy(rawValue: missing) else {
            throw CLIError(description: "unknown --missing \"\(missing)\"; choose strict or drop", status: .usage)
        }
        if formula != nil && (target != nil || features != nil) {
            throw CLIError(description: "--formula and --target/--features are alternatives: put the target and the terms in the formula", status: .usage)
        }
        let featureList = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var spec = FitSpecification(model: kind, target: target, features: featureList, l2: l2, intercept: !noIntercept,
                                    standardize: standardize, solver: solver, tolerance: tol, maxIterations: maxIter,
                                    summary: summary)
        spec.formula = formula
        spec.missing = missingPolicy
        let table = try input.read(file, trace: trace)
        let traceCallback: Estimator.Trace? = trace ? { record in
            Console.error(String(format: "iter %4d  f = %.12e  |g|inf = %.3e  step = %.3e  %.3f s",
                                 record.iteration, record.value, record.gradientNorm, record.stepLength, record.elapsed))
            return .proceed
        } : nil
        let fitted = try FormulaCLI.reporting { try Estimator.fit(consume table, spec, trace: traceCallback) }

        let encoded = try JSON.encoder().encode(fitted)
        if format == "json" {
            Console.output(String(decoding: encoded, as: UTF8.self) + "\n")
        } else {
            Console.output(TextReport.render(fitted, file: file))
        }
        guard fitted.converged else {
            Console.error("fit: the solver did not converge (\(fitted.termination)): \(fitted.message)"
                          + (output != nil ? "; \(output!) not written" : ""))
            return .notConverged
        }
        if let path = output { try AtomicFile.write(encoded + Data("\n".utf8), to: path) }
        return .success
    }
}
