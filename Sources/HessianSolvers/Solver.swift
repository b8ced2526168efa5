import Foundation
import HessianLinearAlgebra
import HessianModels

/// Why a solver stopped. `converged` is true only for the tolerance criteria.
public enum Termination: String, Codable, Sendable, CaseIterable {
    /// ‖∇f‖∞ ≤ gradientTolerance: converged.
    case gradientTolerance
    /// ‖Δx‖∞ ≤ stepTolerance·(1 + ‖x‖∞): converged.
    case stepTolerance
    /// |Δf| ≤ valueTolerance·(1 + |f|): converged.
    case valueTolerance
    /// f stopped decreasing at its floating-point floor (the predicted decrease is below the rounding
    /// level of f) while ‖∇f‖∞ is small but above `gradientTolerance`: not a convergence test, so not
    /// `converged` (a run along a valley to infinity can end like this).
    case valueStall
    /// The iteration limit was reached first.
    case iterationLimit
    /// The time limit was reached first.
    case timeLimit
    /// No step length met the line-search conditions.
    case lineSearchFailure
    /// f or ∇f became NaN or ±∞.
    case nonFiniteValue
    /// The computed direction does not decrease f.
    case notDescentDirection
    /// A factorization or solve failed.
    case linearAlgebraFailure
    /// The trace callback asked to stop.
    case stoppedByCallback
    /// The Task running the fit was cancelled.
    case cancelled

    /// True for the three convergence criteria.
    public var converged: Bool {
        switch self {
        case .gradientTolerance, .stepTolerance, .valueTolerance: return true
        default: return false
        }
    }
}

/// How many times each piece of the objective was computed.
public struct EvaluationCounts: Sendable, Equatable, Codable {
    public var values = 0
    public var gradients = 0
    public var hessians = 0
    public var hessianVectorProducts = 0
    public init() {}
}

/// One line of the optional per-iteration trace.
public struct IterationRecord: Sendable {
    public var iteration: Int
    public var value: Double
    /// ‖∇f‖∞ at the new iterate.
    public var gradientNorm: Double
    /// Step length α along the search direction (1 for a full Newton step), or ‖Δx‖ for trust region.
    public var stepLength: Double
    /// Newton decrement λ² = ∇fᵀ H⁻¹ ∇f when the solver has it.
    public var newtonDecrement: Double?
    /// Trust-region radius when the solver has one.
    public var radius: Double?
    /// Seconds since the solver started.
    public var elapsed: Double

    public init(iteration: Int, value: Double, gradientNorm: Double, stepLength: Double,
                newtonDecrement: Double? = nil, radius: Double? = nil, elapsed: Double) {
        self.iteration = iteration
        self.value = value
        self.gradientNorm = gradientNorm
        self.stepLength = stepLength
        self.newtonDecrement = newtonDecrement
        self.radius = radius
        self.elapsed = elapsed
    }
}

/// What a run of a solver produced, and why it stopped. Even when it did not
/// converge, `solution` is the best point found.
public struct OptimizationResult: Sendable {
    public var solver: String
    public var solution: [Double]
    public var value: Double
    public var gradient: [Double]
    /// ‖∇f(solution)‖∞
    public var gradientNorm: Double
    public var iterations: Int
    public var evaluations: EvaluationCounts
    /// Wall-clock seconds.
    public var elapsed: Double
    public var termination: Termination
    /// A sentence with the figures, e.g. "gradient max-norm 3.1e-09 ≤ 1e-08 after 7 iterations".
    public var message: String
    /// Last Newton decrement λ² = ∇fᵀH⁻¹∇f, for Newton-type solvers.
    public var newtonDecrement: Double?
    /// Fallbacks taken along the way (e.g. "iteration 3: Hessian not positive definite, used a shifted Cholesky factorization").
    public var notes: [String]
    public var trace: [IterationRecord]

    public var converged: Bool { termination.converged }

    public init(solver: String, solution: [Double], value: Double, gradient: [Double], gradientNorm: Double,
                iterations: Int, evaluations: EvaluationCounts, elapsed: Double, termination: Termination,
                message: String, newtonDecrement: Double? = nil, notes: [String] = [], trace: [IterationRecord] = []) {
        self.solver = solver
        self.solution = solution
        self.value = value
        self.gradient = gradient
        self.gradientNorm = gradientNorm
        self.iterations = iterations
        self.evaluations = evaluations
        self.elapsed = elapsed
        self.termination = termination
        self.message = message
        self.newtonDecrement = newtonDecrement
        self.notes = notes
        self.trace = trace
    }
}

/// What a trace callback returns: keep going or stop now (the result then says `.stoppedByCallback`).
public enum TraceAction: Sendable { case proceed, stop }

/// A minimization method: a value holding its options. `minimize` drives it.
public protocol Solver: Sendable {
    /// A short name ("newton", "lbfgs", …) used in results and on the command line.
    var name: String { get }
    func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult
}

/// Minimizes f from x0 with the given solver. The result carries the best point found,
/// counts, timing and why the solver stopped.
///
/// - Parameters:
///   - threads: the thread budget for the objective's parallel passes (see ``ThreadBudget``);
///     nil keeps the budget in effect (``ThreadBudget/current``, by default the active cores).
///     The result is bitwise reproducible for a given budget.
/// - Throws: ``OptimizationError`` when `x0` has the wrong length or a non-finite entry, or
///   `threads` < 1. Everything that goes wrong during the run is reported in the result's
///   ``OptimizationResult/termination`` instead, including cancellation of the calling `Task`
///   (``Termination/cancelled``, checked once per iteration).
public func minimize<F: Objective, S: Solver>(_ f: F, from x0: [Double], using solver: S, threads: Int? = nil,
                                             trace: ((IterationRecord) -> TraceAction)? = nil) throws -> OptimizationResult {
    guard x0.count == f.dimension else { throw OptimizationError.startLength(expected: f.dimension, got: x0.count) }
    if let i = x0.firstIndex(where: { !$0.isFinite }) { throw OptimizationError.nonFiniteStart(index: i, value: x0[i]) }
    guard let threads else { return solver.run(f, from: x0, trace: trace) }
    guard threads >= 1 else { throw OptimizationError.invalidThreadCount(threads) }
    return ThreadBudget.withThreads(threads) { solver.run(f, from: x0, trace: trace) }
}
