import Foundation
import HessianLinearAlgebra
import HessianModels

/// What a solver sees of a run: the objective behind counted evaluations, the current (accepted, and
/// so best) iterate with its value and gradient, the stopping criteria, and a place for notes.
/// ``minimize(_:from:using:threads:trace:)`` creates it and moves the iterate; a solver only reads it.
///
/// A class so that the counting closures handed out by ``curvature(at:)`` and the line-search
/// closures can update the counts.
public final class SolverContext<F: Objective> {
    /// The objective being minimized.
    public let objective: F
    /// The run's stopping criteria (solvers use the gradient tolerance to size inner solves).
    public let stopping: StoppingCriteria

    /// How many times each piece of the objective was computed so far.
    public internal(set) var counts = EvaluationCounts()
    /// Fallbacks taken (at most 20 kept).
    public internal(set) var notes: [String] = []
    /// Accepted iterations so far.
    public internal(set) var iterations = 0
    /// The current iterate: the start before the first step, then the last accepted point (and so,
    /// every solver here being monotone, the best point so far).
    public internal(set) var x: [Double]
    /// f(x) at the current iterate (NaN before the start is evaluated).
    public internal(set) var value: Double = .nan
    /// ∇f(x) at the current iterate (empty before the start is evaluated).
    public internal(set) var gradient: [Double] = []
    /// ‖∇f(x)‖∞, the quantity of the gradient test of ``StoppingCriteria``.
    public internal(set) var gradientNorm: Double = .nan

    private let startTime = ContinuousClock.now

    init(_ objective: F, from x0: [Double], stopping: StoppingCriteria) {
        self.objective = objective
        self.stopping = stopping
        self.x = x0
    }

    /// n, the number of parameters.
    public var dimension: Int { objective.dimension }

    /// Seconds since the run started.
    public var elapsed: Double {
        let d = ContinuousClock.now - startTime
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    // MARK: Counted evaluations

    /// f(x), counted as one value.
    ///
    /// - Parameter x: a point of length ``dimension``.
    /// - Returns: f(x); may be NaN or ±∞ outside the objective's domain.
    public func value(at x: [Double]) -> Double {
        counts.values += 1
        return objective.value(at: x)
    }

    /// f, ∇f and, if asked, ∇²f at x, counted as one of each.
    ///
    /// One pass over the objective for all three is usually cheaper than separate calls, so a solver
    /// asks for the Hessian here when it knows the next iteration will need it.
    ///
    /// - Parameters:
    ///   - x: a point of length ``dimension``.
    ///   - hessian: whether to form the dense Hessian too (counted in ``EvaluationCounts/hessians``).
    /// - Returns: the evaluation; its `hessian` is nil unless asked for.
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        evaluate(at: x, hessian: hessian, approximation: .exact)
    }

    /// f, ∇f and, if asked, ∇²f at x with the Hessian formed at least as accurately as `approximation`
    /// (see ``/HessianModels/HessianApproximation``), counted as ``evaluate(at:hessian:)`` is.
    ///
    /// - Parameters:
    ///   - x: a point of length ``dimension``.
    ///   - hessian: whether to form the dense Hessian too.
    ///   - approximation: how the Hessian may be formed (see ``/HessianModels/HessianApproximation``).
    /// - Returns: the evaluation; its `hessianApproximation` says what the objective used.
    public func evaluate(at x: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation {
        counts.values += 1
        counts.gradients += 1
        if hessian { counts.hessians += 1 }
        return objective.evaluate(at: x, hessian: hessian, approximation: approximation)
    }

    /// ∇²f(x) alone, formed at least as accurately as `approximation`, and how the objective formed
    /// it (counted as one Hessian).
    ///
    /// - Parameters:
    ///   - x: a point of length ``dimension``.
    ///   - approximation: how the Hessian may be formed (see ``/HessianModels/HessianApproximation``).
    /// - Returns: the n×n Hessian and how it was formed, or nil if the objective does not provide one.
    public func hessian(at x: [Double], approximation: HessianApproximation) -> (matrix: Matrix, approximation: HessianApproximation)? {
        counts.hessians += 1
        let e = objective.evaluate(at: x, hessian: true, approximation: approximation)
        return e.hessian.map { ($0, e.hessianApproximation) }
    }

    /// ∇²f(x) alone, for a point whose value and gradient are already known (counted as one Hessian).
    ///
    /// - Parameter x: a point of length ``dimension``.
    /// - Returns: the n×n Hessian, or nil if the objective does not provide one.
    public func hessian(at x: [Double]) -> Matrix? {
        hessian(at: x, approximation: .exact)?.matrix
    }

    /// The Hessian operator at x; each application is counted as one Hessian-vector product.
    ///
    /// Building the operator computes everything that depends only on x once; each product v ↦ ∇²f(x)v
    /// then costs about one gradient. Newton-CG and the Steihaug–Toint trust region use only this.
    ///
    /// - Parameter x: a point of length ``dimension``.
    /// - Returns: the operator, counting into ``EvaluationCounts/hessianVectorProducts``.
    public func curvature(at x: [Double]) -> HessianOperator { curvature(at: x, approximation: .exact) }

    /// The Hessian operator at x formed at least as accurately as `approximation` (see
    /// ``/HessianModels/Objective/curvature(at:approximation:)``), its products counted as
    /// ``curvature(at:)``'s are.
    ///
    /// - Parameters:
    ///   - x: a point of length ``dimension``.
    ///   - approximation: how the products may be formed.
    /// - Returns: the operator; its `approximation` says what the objective used.
    public func curvature(at x: [Double], approximation: HessianApproximation) -> HessianOperator {
        let op = objective.curvature(at: x, approximation: approximation)
        return HessianOperator(dimension: op.dimension, approximation: op.approximation) { [unowned self] v in
            self.counts.hessianVectorProducts += 1
            return op(v)
        }
    }

    /// The objective's structured Newton solve, counted as one Hessian when it exists.
    ///
    /// Some objectives solve ∇²f(x) p = −∇f(x) from their structure without forming the dense
    /// Hessian; ``Newton`` uses it when ``Newton/useStructuredStep`` is on.
    ///
    /// - Parameters:
    ///   - x: the current point.
    ///   - g: ∇f(x), already known.
    /// - Returns: the Newton step p, or nil when the objective has no structured solve.
    /// - Throws: whatever the objective's solve throws (``Newton`` then falls back to the dense Hessian).
    public func newtonStep(at x: [Double], gradient g: [Double]) throws -> [Double]? {
        let step = try objective.newtonStep(at: x, gradient: g)
        if step != nil { counts.hessians += 1 }
        return step
    }

    /// f alone, for line searches.
    public var valueFunction: ([Double]) -> Double { { [unowned self] in self.value(at: $0) } }
    /// (f, ∇f) together, for line searches.
    public var gradientFunction: ([Double]) -> (Double, [Double]) {
        { [unowned self] in let e = self.evaluate(at: $0, hessian: false); return (e.value, e.gradient) }
    }

    /// Records a fallback taken in the coming iteration (at most 20 notes are kept).
    ///
    /// The note is prefixed with the iteration number and ends up in ``OptimizationResult/notes``, so
    /// that a safe path (a shifted Cholesky factorization, a reset quasi-Newton memory, …) is never
    /// silent. After 20 notes one "further notes omitted" line is added and the rest dropped.
    ///
    /// - Parameter s: what was done and why, e.g. "Hessian not positive definite, used a shifted
    ///   Cholesky factorization".
    public func note(_ s: String) {
        if notes.count < 20 {
            notes.append("iteration \(iterations + 1): " + s)
        } else if notes.count == 20 {
            notes.append("further notes omitted")
        }
    }

    /// Moves to an accepted point. Returns the step's max-norm and the value decrease.
    func moveTo(_ newX: [Double], _ e: Evaluation) -> (stepNorm: Double, valueChange: Double) {
        var s = 0.0
        for i in 0..<newX.count { s = Swift.max(s, abs(newX[i] - x[i])) }
        let df = value - e.value
        x = newX
        value = e.value
        gradient = e.gradient
        gradientNorm = normInf(e.gradient)
        iterations += 1
        return (s, df)
    }

    /// Takes the evaluation at the starting point.
    func start(with e: Evaluation) {
        value = e.value
        gradient = e.gradient
        gradientNorm = normInf(e.gradient)
    }
}

/// The absolute size below which a change in f = `value` is indistinguishable from rounding in a
/// sum of many terms: 1e-12·|f| (the typical √N·ε relative error of a sum of N ≈ 10⁵–10⁶ terms is
/// 10⁻¹³; the worst case N·ε is larger, and then a run ends honestly as a line-search failure), and at
/// least 1e-300.
@inline(__always) func roundingLevel(_ value: Double) -> Double {
    Swift.max(1e-12 * abs(value), 1e-300)
}

/// Two significant digits in exponent form ("3.1e-09"), as in every result message.
func fmt(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "+∞" : "−∞" }
    return String(format: "%.2g", x)
}
