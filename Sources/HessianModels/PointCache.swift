import Foundation
import HessianLinearAlgebra

/// Remembers what a model computed at the last point x, so that the usual solver
/// sequence value(x) → evaluate(x, hessian: true) → curvature(x) at the SAME x
/// computes Xw (and σ, softmax) once. Models are value types; copies share the cache,
/// which is safe because a model's data never change. Access is serialized by a lock.
/// An entry also remembers the `ThreadBudget` it was computed under and answers only calls under
/// the same budget, so concurrent fits of one model with different budgets never see each
/// other's (differently rounded) partial sums.
final class PointCache<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var key: [Double]?
    private var state: State?
    private var budget = 0

    init() {}

    /// The state stored for exactly this x, if any.
    func state(at x: [Double]) -> State? {
        lock.lock(); defer { lock.unlock() }
        return key == x && budget == ThreadBudget.current ? state : nil
    }

    /// The last point stored and its state, whatever the point.
    func last() -> (point: [Double], state: State)? {
        lock.lock(); defer { lock.unlock() }
        guard let key, let state, budget == ThreadBudget.current else { return nil }
        return (key, state)
    }

    func store(_ s: State, at x: [Double]) {
        lock.lock(); defer { lock.unlock() }
        key = x
        state = s
        budget = ThreadBudget.current
    }
}
