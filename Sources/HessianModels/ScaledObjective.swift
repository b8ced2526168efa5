import HessianLinearAlgebra

/// f̃(z) = f(D z)/σ with D = diag(d): an objective in the units of an ``ObjectiveScale``,
///     ∇f̃(z) = D ∇f(Dz)/σ,   ∇²f̃(z) = D ∇²f(Dz) D/σ.
/// With σ and dⱼ powers of two every map is exact, so a solver run on f̃ visits the points of f
/// that it would visit in those units, and its stopping test ‖∇f̃‖∞ ≤ tol reads the same whatever
/// the units of the data. Approximate curvature, Newton steps and dense-Hessian preferences are
/// forwarded to f.
public struct ScaledObjective<F: Objective>: Objective {
    /// f.
    public let base: F
    /// σ and d.
    public let scale: ObjectiveScale

    /// f̃ for f in the units `scale`.
    /// - Parameters:
    ///   - base: f.
    ///   - scale: σ and d, `base.dimension` parameters (another count traps).
    public init(_ base: F, scale: ObjectiveScale) {
        precondition(scale.parameters.count == base.dimension, "scale has \(scale.parameters.count) parameters, expected \(base.dimension)")
        self.base = base
        self.scale = scale
    }

    /// The dimension of f.
    public var dimension: Int { base.dimension }

    /// x = D z, a point of f.
    /// - Parameter z: a point of f̃.
    public func basePoint(_ z: [Double]) -> [Double] { zip(z, scale.parameters).map { $0 * $1 } }

    /// z = D⁻¹ x, a point of f̃.
    /// - Parameter x: a point of f.
    public func scaledPoint(_ x: [Double]) -> [Double] { zip(x, scale.parameters).map { $0 / $1 } }

    /// ∇f = σ D⁻¹ ∇f̃.
    /// - Parameter g: a gradient of f̃.
    public func baseGradient(_ g: [Double]) -> [Double] { zip(g, scale.parameters).map { $0 * scale.value / $1 } }

    /// f̃(z).
    /// - Parameter z: a point of f̃.
    public func value(at z: [Double]) -> Double { base.value(at: basePoint(z)) / scale.value }

    /// f̃, ∇f̃ and, if asked, ∇²f̃ at z.
    /// - Parameters:
    ///   - z: a point of f̃.
    ///   - hessian: whether to form ∇²f̃.
    public func evaluate(at z: [Double], hessian: Bool) -> Evaluation {
        scaled(base.evaluate(at: basePoint(z), hessian: hessian))
    }

    /// As ``evaluate(at:hessian:)`` with f's Hessian approximation.
    /// - Parameters:
    ///   - z: a point of f̃.
    ///   - hessian: whether to form ∇²f̃.
    ///   - approximation: the approximation f may use.
    public func evaluate(at z: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation {
        scaled(base.evaluate(at: basePoint(z), hessian: hessian, approximation: approximation))
    }

    /// Whether f assembles approximate Hessians.
    public var assemblesApproximateHessians: Bool { base.assemblesApproximateHessians }

    /// Whether Newton should ask f for dense Hessians.
    public var newtonUsesDenseHessian: Bool { base.newtonUsesDenseHessian }

    /// v ↦ D ∇²f(Dz) D v/σ.
    /// - Parameter z: a point of f̃.
    public func curvature(at z: [Double]) -> HessianOperator { scaled(base.curvature(at: basePoint(z))) }

    /// v ↦ D ∇²f(Dz) D v/σ with f's approximation.
    /// - Parameters:
    ///   - z: a point of f̃.
    ///   - approximation: the approximation f may use.
    public func curvature(at z: [Double], approximation: HessianApproximation) -> HessianOperator {
        scaled(base.curvature(at: basePoint(z), approximation: approximation))
    }

    /// f's Newton step s (if it has one) in f̃'s coordinates, D⁻¹s: (D H D/σ)⁻¹(−D g/σ) = −D⁻¹H⁻¹g.
    /// - Parameters:
    ///   - z: a point of f̃.
    ///   - gradient: ∇f̃(z).
    public func newtonStep(at z: [Double], gradient: [Double]) throws -> [Double]? {
        try base.newtonStep(at: basePoint(z), gradient: baseGradient(gradient)).map(scaledPoint)
    }

    private func scaled(_ e: Evaluation) -> Evaluation {
        let d = scale.parameters, sigma = scale.value
        var out = e
        out.value = e.value / sigma
        out.gradient = zip(e.gradient, d).map { $0 * $1 / sigma }
        if var h = e.hessian {
            let n = h.rows
            h.storage.withUnsafeMutableBufferPointer { b in
                for j in 0..<n {
                    let cj = d[j] / sigma
                    for i in 0..<n { b[i + j * n] *= d[i] * cj }
                }
            }
            out.hessian = h
        }
        return out
    }

    private func scaled(_ op: HessianOperator) -> HessianOperator {
        let d = scale.parameters, sigma = scale.value
        return HessianOperator(dimension: op.dimension, approximation: op.approximation) { v in
            let hv = op(zip(v, d).map { $0 * $1 })
            return zip(hv, d).map { $0 * $1 / sigma }
        }
    }
}
