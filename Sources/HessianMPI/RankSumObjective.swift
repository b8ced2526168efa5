import Hessian

/// f(w) = Σ_r f_r(w) over the ranks of a communicator, where f_r is this rank's objective on
/// its own rows (the penalty belongs to exactly one rank's f_r).
///
/// One evaluation exchanges a single buffer per rank: [f_r, ∇f_r (p), the upper triangle of
/// ∇²f_r (p(p+1)/2) when asked], summed in rank order (``Communicator/sumInRankOrder(_:)``), so
/// every rank gets bitwise the same value, gradient and Hessian, takes the same step, and no
/// iterate is broadcast. A Hessian-vector product exchanges p doubles.
public struct RankSumObjective<Local: Objective>: Objective {
    public let local: Local
    public let communicator: any Communicator

    public init(_ local: Local, communicator: any Communicator) {
        self.local = local
        self.communicator = communicator
    }

    public var dimension: Int { local.dimension }
    public var newtonUsesDenseHessian: Bool { local.newtonUsesDenseHessian }

    /// Doubles one evaluation sends per rank: 1 + p, plus p(p+1)/2 with the Hessian.
    public static func reducedCount(parameters p: Int, hessian: Bool) -> Int {
        1 + p + (hessian ? p * (p + 1) / 2 : 0)
    }

    public func value(at x: [Double]) -> Double {
        communicator.sumInRankOrder([local.value(at: x)])[0]
    }

    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        let e = local.evaluate(at: x, hessian: hessian)
        let p = dimension
        var buffer = [Double]()
        buffer.reserveCapacity(Self.reducedCount(parameters: p, hessian: hessian))
        buffer.append(e.value)
        buffer += e.gradient
        if hessian, let h = e.hessian {
            for j in 0..<p { for i in 0...j { buffer.append(h[i, j]) } }
        }
        let total = communicator.sumInRankOrder(buffer)
        let gradient = Array(total[1...p])
        guard hessian else { return Evaluation(value: total[0], gradient: gradient) }
        var h = Matrix(rows: p, columns: p)
        var k = 1 + p
        for j in 0..<p {
            for i in 0...j {
                h[i, j] = total[k]
                h[j, i] = total[k]
                k += 1
            }
        }
        return Evaluation(value: total[0], gradient: gradient, hessian: h)
    }

    public func curvature(at x: [Double]) -> HessianOperator {
        let op = local.curvature(at: x)
        let communicator = self.communicator
        return HessianOperator(dimension: dimension) { v in communicator.sumInRankOrder(op(v)) }
    }
}
