import Foundation
import HessianLinearAlgebra
import HessianModels

/// f(x) = Σ_s f_s(x) + ½ Σₖ λₖ xₖ²: an objective whose data term is the sum of the shards' partial
/// evaluations (``ShardSource``) and whose ridge penalty is added once, after the reduction — never
/// per shard. The solver sees an ordinary `Objective`; each evaluation that needs data is one pass.
///
/// Passes. With `foldsHessian` (the default, for the Newton family), every pass evaluates value,
/// gradient and Hessian together and remembers them, so a line search's value check at a trial point
/// that is then accepted costs no second pass: the next iteration's gradient and Hessian are already
/// there. ``passes`` counts the passes made.
///
/// Failure. `Objective` cannot throw, so when the source throws (the file became unreadable, a peer
/// failed) the error is kept in ``failure``, no further pass is made, and every evaluation returns
/// f = +∞ with a NaN gradient, which stops any solver; the caller must check ``failure`` afterwards.
public struct PartitionedObjective<Source: ShardSource>: Objective, Sendable {
    /// Where the rows live; one data pass is one `forEachShard` call.
    public let source: Source
    /// λₖ per parameter (0 for unpenalized ones), length `dimension`.
    public let penaltyStrengths: [Double]
    /// Whether every pass computes value, gradient and Hessian together (see "Passes" above).
    public let foldsHessian: Bool
    private let state = PartitionState()

    /// The objective Σ_s f_s(x) + ½ Σₖ λₖ xₖ² over `source`.
    /// - Parameters:
    ///   - source: the shards.
    ///   - penaltyStrengths: λₖ per parameter (``ShardModel/penaltyStrengths(_:scaling:intercept:)``
    ///     gives the models' ridge); nil for no penalty. Its length must be `source.dimension`
    ///     (a trap otherwise).
    ///   - foldsHessian: true (the default) for solvers that use the Hessian at every accepted point
    ///     (Newton, trust region): one pass then serves value, gradient and Hessian; false for
    ///     first-order solvers, so that a value-only trial point costs a pass without the Hessian.
    public init(source: Source, penaltyStrengths: [Double]? = nil, foldsHessian: Bool = true) {
        self.source = source
        let strengths = penaltyStrengths ?? [Double](repeating: 0, count: source.dimension)
        precondition(strengths.count == source.dimension, "penalty strengths: \(strengths.count) entries, expected \(source.dimension)")
        self.penaltyStrengths = strengths
        self.foldsHessian = foldsHessian
    }

    public var dimension: Int { source.dimension }
    public var newtonUsesDenseHessian: Bool { true }

    /// Passes over the data made so far.
    public var passes: Int { state.read { $0.passes } }
    /// The error that stopped the evaluations, if any.
    public var failure: Error? { state.read { $0.failure } }

    public func value(at x: [Double]) -> Double { evaluate(at: x, hessian: foldsHessian).value }

    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        precondition(x.count == dimension)
        if let e = state.read({ $0.cached(at: x, hessian: hessian) }) { return e }
        if state.read({ $0.failure != nil }) { return failed }
        let wantH = hessian || foldsHessian
        var sum = PartialSum(dimension: dimension, hessian: wantH)
        do {
            try source.forEachShard(at: x, hessian: wantH) { sum.add($0) }
        } catch {
            state.write { $0.failure = error; $0.passes += 1 }
            return failed
        }
        var e = sum.evaluation
        // The penalty, once: ½ Σ λₖ xₖ², gradient λₖ xₖ, Hessian diag(λ).
        e.value += ridgePenalty(penaltyStrengths, x)
        for k in 0..<dimension { e.gradient[k] += penaltyStrengths[k] * x[k] }
        if wantH { e.hessian!.addToDiagonal(penaltyStrengths) }
        let result = e
        state.write { $0.passes += 1; $0.point = x; $0.last = result }
        return hessian ? result : Evaluation(value: result.value, gradient: result.gradient)
    }

    /// The dense Hessian's operator (one pass at a new point, none at the last one).
    public func curvature(at x: [Double]) -> HessianOperator {
        let e = evaluate(at: x, hessian: true)
        guard let h = e.hessian else { return HessianOperator(dimension: dimension) { _ in [Double](repeating: .nan, count: x.count) } }
        return HessianOperator(h)
    }

    private var failed: Evaluation {
        Evaluation(value: .infinity, gradient: [Double](repeating: .nan, count: dimension), hessian: nil)
    }
}

/// The last evaluation, the pass count and a failure, shared by copies of one objective.
final class PartitionState: @unchecked Sendable {
    struct Contents {
        var passes = 0
        var failure: Error?
        var point: [Double]?
        var last: Evaluation?

        func cached(at x: [Double], hessian: Bool) -> Evaluation? {
            guard let last, point == x, !hessian || last.hessian != nil else { return nil }
            return hessian ? last : Evaluation(value: last.value, gradient: last.gradient)
        }
    }
    private let lock = NSLock()
    private var contents = Contents()

    func read<T>(_ f: (Contents) -> T) -> T { lock.lock(); defer { lock.unlock() }; return f(contents) }
    func write(_ f: (inout Contents) -> Void) { lock.lock(); defer { lock.unlock() }; f(&contents) }
}
