import Foundation
import Hessian

/// What one fit produced, in the shared external layout.
struct FitOutcome {
    var coefficients: [Double]
    var value: Double
    var gradientNorm: Double
    var iterations: Int
    var converged: Bool
    var termination: String
    var message: String
    var notes: [String] = []
    var trace: [IterationRecord] = []
}

/// The stopping rule every Hessian run uses: ‖∇f‖∞ ≤ 1e-8 (the library default), which on
/// these problems (Hessian eigenvalues ≥ λ = 1) bounds the coefficient error well below 1e-6.
let benchStopping = StoppingCriteria(gradientTolerance: 1e-8)

/// Hessian's solvers run on each kind of problem. The first is the library's default for that
/// model and size (`SolverKind.default(for:parameters:)`, what `fit` uses); the Targets table uses it.
func hessianSolvers(for spec: ProblemSpec, smoke: Bool = false) -> [String] {
    let all = candidateSolvers(for: spec)
    let d = spec.d ?? 0
    let (kind, parameters): (ModelKind?, Int) = switch spec.kind {
    case "logistic": (.logistic, d + 1)
    case "multinomial": (.multinomial, ((spec.classes ?? 2) - (spec.parametrization == "referenceClass" ? 1 : 0)) * (d + 1))
    case "least_squares": (.leastSquares, d + 1)
    case "poisson": (.poisson, d + 1)
    case "precision": (.logdet, spec.n * spec.n)
    default: (nil, 0)   // the dense vec form is not a `fit` model: Newton, structured step first
    }
    guard let kind else { return all }
    let first = SolverKind.default(for: kind, parameters: parameters).rawValue
    return [first] + all.filter { $0 != first }
}

private func candidateSolvers(for spec: ProblemSpec) -> [String] {
    switch spec.kind {
    case "logistic" where spec.l2 == 0: return ["newton", "newton-float64", "trust-region"]
    case "logistic":
        return spec.n <= 5000 ? ["newton", "trust-region", "newton-cg", "lbfgs", "bfgs", "gradient-descent"]
                              : ["newton", "newton-float64", "trust-region", "newton-cg", "lbfgs", "bfgs"]
    case "multinomial" where spec.l2 == 0: return ["newton", "trust-region"]
    case "multinomial": return ["newton", "newton-cg", "trust-region", "trust-region-exact-products", "lbfgs", "bfgs"]
    case "least_squares": return ["newton", "newton-cg", "lbfgs"]
    case "poisson" where spec.l2 == 0: return ["newton", "newton-float64", "trust-region"]
    case "poisson": return ["newton", "newton-float64", "trust-region", "newton-cg", "lbfgs", "bfgs"]
    case "precision": return ["newton", "closed-form", "lbfgs"]
    case "precision_dense": return ["newton", "newton-dense", "trust-region", "closed-form"]
    default: return ["newton"]
    }
}

/// The solver object for a name; "newton-dense" is Newton on the dense Hessian even when the
/// objective offers a structured step, "newton-float64" Newton with Float64 Hessians only
/// (`approximateHessians: false`).
func makeBenchSolver(_ name: String, stopping: StoppingCriteria = benchStopping) throws -> any Solver {
    if name == "newton-dense" { return Newton(stopping: stopping, useStructuredStep: false) }
    if name == "newton-float64" { return Newton(stopping: stopping, approximateHessians: false) }
    if name == "trust-region-exact-products" { return TrustRegion(stopping: stopping, approximateCurvature: false) }
    guard let kind = SolverKind(name: name) else { throw UnknownSolver(name: name) }
    return kind.make(stopping: stopping)
}

/// A solver name that is neither a ``SolverKind`` nor one of the bench's Newton variants.
struct UnknownSolver: Error, CustomStringConvertible {
    let name: String
    var description: String { "unknown solver '\(name)'; choose one of: " + (SolverKind.names + ["newton-dense", "newton-float64", "trust-region-exact-products"]).joined(separator: ", ") }
}

private func solve<F: Objective>(_ f: F, from x0: [Double], solver: any Solver,
                                 external: ([Double]) -> [Double]) throws -> FitOutcome {
    let r = try minimize(f, from: x0, using: solver)
    return FitOutcome(coefficients: external(r.solution), value: r.value, gradientNorm: r.gradientNorm,
                      iterations: r.iterations, converged: r.converged, termination: r.termination.rawValue,
                      message: r.message, notes: r.notes, trace: r.trace)
}

/// One complete fit from the arrays in memory: the design (input checks, scaling decision),
/// the model, the solver run and the map back to user coordinates — everything a user's
/// `fit` call does, as the peers' timings include their own preprocessing.
func fitOnce(_ p: LoadedProblem, solver name: String) throws -> FitOutcome {
    let spec = p.spec
    switch spec.kind {
    case "logistic":
        let model = try Logistic(design: try Design(p.x), labels: p.y, l2: spec.l2)
        return try solve(model, from: [Double](repeating: 0, count: model.dimension),
                     solver: try makeBenchSolver(name), external: model.externalCoefficients)
    case "multinomial":
        let param: Multinomial.Parametrization = spec.parametrization == "referenceClass" ? .referenceClass : .allClasses
        let model = try Multinomial(design: try Design(p.x), labels: p.y.map { Int($0) }, classes: spec.classes ?? 2,
                                    l2: spec.l2, parametrization: param)
        return try solve(model, from: [Double](repeating: 0, count: model.dimension),
                     solver: try makeBenchSolver(name), external: model.externalCoefficients)
    case "least_squares":
        let model = try LeastSquares(design: try Design(p.x), targets: p.y, l2: spec.l2)
        return try solve(model, from: [Double](repeating: 0, count: model.dimension),
                     solver: try makeBenchSolver(name), external: model.externalCoefficients)
    case "poisson":
        let model = try Poisson(design: try Design(p.x), counts: p.y, l2: spec.l2)
        return try solve(model, from: poissonStart(p.y, parameters: model.dimension),
                     solver: try makeBenchSolver(name), external: model.externalCoefficients)
    case "precision", "precision_dense":
        return try fitPrecision(p, solver: name)
    default:
        throw NPY.Failure(description: "unknown problem kind \(spec.kind)")
    }
}

/// The start `fit` uses for Poisson: the intercept-only MLE b = log ȳ, zero coefficients.
func poissonStart(_ y: [Double], parameters: Int) -> [Double] {
    [log(y.reduce(0, +) / Double(y.count))] + [Double](repeating: 0, count: parameters - 1)
}
