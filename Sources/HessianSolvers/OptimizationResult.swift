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
    /// Values f(x) (each `evaluate` counts one too).
    public var values = 0
    /// Gradients ∇f(x).
    public var gradients = 0
    /// Dense Hessians and structured Newton solves.
    public var hessians = 0
    /// Applications of a `curvature(at:)` operator.
    public var hessianVectorProducts = 0
    /// All counts zero.
    public init() {}
}

/// One line of the optional per-iteration trace.
public struct IterationRecord: Sendable {
    /// The iteration number, from 1 (the number of accepted steps so far).
    public var iteration: Int
    /// f at the new iterate (the best point so far: every solver here is monotone).
    public var value: Double
    /// ‖∇f‖∞ at the new iterate, the quantity of the gradient test; watching it fall quadratically
    /// (Newton) or linearly (gradient descent) shows how the run converges.
    public var gradientNorm: Double
    /// Step length α along the search direction (1 for a full Newton step), or ‖Δx‖ for trust region.
    ///
    /// For Newton and Newton-CG, α < 1 means the line search damped the step (the iterate is still
    /// far from the optimum or the Hessian is poorly conditioned there).
    public var stepLength: Double
    /// Newton decrement λ² = ∇fᵀ H⁻¹ ∇f when the solver has it.
    ///
    /// Computed at the point the step started from; ½λ² is the decrease of f the quadratic model
    /// predicts, a scale-aware measure of the distance to the optimum. nil for the gradient-only solvers.
    public var newtonDecrement: Double?
    /// Trust-region radius when the solver has one.
    ///
    /// Δ after the ratio test of the step: shrunk to ¼‖D⁻¹p‖ when ρ < ¼, doubled (up to
    /// ``TrustRegion/maxRadius``) when ρ > ¾ on the boundary. nil for line-search solvers.
    public var radius: Double?
    /// Seconds since the solver started.
    public var elapsed: Double

    /// A record; see the properties.
    ///
    /// - Parameters:
    ///   - iteration: the iteration number, from 1.
    ///   - value: f at the new iterate.
    ///   - gradientNorm: ‖∇f‖∞ at the new iterate.
    ///   - stepLength: α, or ‖Δx‖₂ for a trust region.
    ///   - newtonDecrement: λ² = ∇fᵀH⁻¹∇f, or nil.
    ///   - radius: the trust-region radius, or nil.
    ///   - elapsed: seconds since the run started.
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
    /// The solver's name.
    public var solver: String
    /// The best point found.
    public var solution: [Double]
    /// f(solution), the value at the best point found.
    public var value: Double
    /// ∇f(solution).
    public var gradient: [Double]
    /// ‖∇f(solution)‖∞, compared with ``StoppingCriteria/gradientTolerance`` by the gradient test.
    public var gradientNorm: Double
    /// Accepted iterations.
    public var iterations: Int
    /// What the run computed.
    public var evaluations: EvaluationCounts
    /// Wall-clock seconds.
    public var elapsed: Double
    /// Why the run stopped.
    public var termination: Termination
    /// A sentence with the figures, e.g. "gradient max-norm 3.1e-09 ≤ 1e-08 after 7 iterations".
    public var message: String
    /// Last Newton decrement λ² = ∇fᵀH⁻¹∇f, for Newton-type solvers.
    public var newtonDecrement: Double?
    /// Fallbacks taken along the way (e.g. "iteration 3: Hessian not positive definite, used a shifted Cholesky factorization").
    public var notes: [String]
    /// One record per iteration, when the solver keeps them.
    public var trace: [IterationRecord]

    /// True when a convergence test held (see ``Termination/converged``).
    public var converged: Bool { termination.converged }

    /// A result; see the properties.
    ///
    /// ``minimize(_:from:using:threads:trace:)`` builds every result; this initializer is for code
    /// that reports a run of its own in the same form.
    ///
    /// - Parameters:
    ///   - solver: the solver's name.
    ///   - solution: the best point found.
    ///   - value: f(solution).
    ///   - gradient: ∇f(solution).
    ///   - gradientNorm: ‖∇f(solution)‖∞.
    ///   - iterations: the number of accepted iterations.
    ///   - evaluations: what the run computed.
    ///   - elapsed: wall-clock seconds.
    ///   - termination: why the run stopped.
    ///   - message: a sentence with the figures.
    ///   - newtonDecrement: the last λ², or nil. Default nil.
    ///   - notes: the fallbacks taken. Default none.
    ///   - trace: the per-iteration records. Default none.
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
