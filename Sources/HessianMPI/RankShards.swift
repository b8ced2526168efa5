import Hessian

/// The shards of a data-parallel fit are the ranks: each rank evaluates the unpenalized partial
/// sums of its own rows, one allgather exchanges them — [f_r, ∇f_r (p), the upper triangle of
/// ∇²f_r (p(p+1)/2) when asked] per rank — and the partials are handed on in rank order, so
/// ``/HessianPartitioned/PartitionedObjective`` adds them in the same order on every rank (bitwise equal sums, the
/// same step everywhere, no broadcast of the iterate) and adds the penalty once.
public struct RankShards: ShardSource {
    public let dimension: Int
    public let communicator: any Communicator
    /// This rank's unpenalized partial evaluation (must not fail: a throw here would leave the
    /// other ranks in the exchange, so the rows are validated before the solver starts).
    let local: @Sendable ([Double], Bool) -> Evaluation

    public init(dimension: Int, communicator: any Communicator, local: @escaping @Sendable ([Double], Bool) -> Evaluation) {
        self.dimension = dimension
        self.communicator = communicator
        self.local = local
    }

    /// Doubles each rank sends per evaluation: 1 + p, plus p(p+1)/2 with the Hessian.
    public static func exchangedCount(parameters p: Int, hessian: Bool) -> Int {
        1 + p + (hessian ? p * (p + 1) / 2 : 0)
    }

    public func forEachShard(at x: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
        let e = local(x, hessian)
        let p = dimension
        var buffer = [Double]()
        buffer.reserveCapacity(Self.exchangedCount(parameters: p, hessian: hessian))
        buffer.append(e.value)
        buffer += e.gradient
        if hessian {
            guard let h = e.hessian else { preconditionFailure("a rank's model returned no Hessian") }
            for j in 0..<p { for i in 0...j { buffer.append(h[i, j]) } }
        }
        for part in communicator.allGather(buffer) {
            let gradient = Array(part[1...p])
            guard hessian else { try body(Evaluation(value: part[0], gradient: gradient)); continue }
            var h = Matrix(rows: p, columns: p)
            var k = 1 + p
            for j in 0..<p {
                for i in 0...j {
                    h[i, j] = part[k]
                    h[j, i] = part[k]
                    k += 1
                }
            }
            try body(Evaluation(value: part[0], gradient: gradient, hessian: h))
        }
    }
}
