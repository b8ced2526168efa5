import Foundation

/// Remembers what a model computed at the last point x, so that the usual solver
/// sequence value(x) → evaluate(x, hessian: true) → curvature(x) at the SAME x
/// computes Xw (and σ, softmax) once. Models are value types; copies share the cache,
/// which is safe because a model's data never change. Access is serialized by a lock.
final class PointCache<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var key: [Double]?
    private var state: State?

    init() {}

    /// The state stored for exactly this x, if any.
    func state(at x: [Double]) -> State? {
        lock.lock(); defer { lock.unlock() }
        return key == x ? state : nil
    }

    /// The last point stored and its state, whatever the point.
    func last() -> (point: [Double], state: State)? {
        lock.lock(); defer { lock.unlock() }
        guard let key, let state else { return nil }
        return (key, state)
    }

    func store(_ s: State, at x: [Double]) {
        lock.lock(); defer { lock.unlock() }
        key = x
        state = s
    }
}
