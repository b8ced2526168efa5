/// Weighted, ridge-penalized least squares
///     f(w) = ½ Σ sᵢ (x̂ᵢᵀw − yᵢ)² + (λ/2)‖w‖²   (intercept not penalized),
///     ∇f = X̂ᵀ S (X̂w − y) + λw,   ∇²f = X̂ᵀ S X̂ + λI,
/// with X̂ = [1 X] when there is an intercept and S = diag(s). The Objective conformance
/// works in the design's internal coordinates (X̃ and the penalty λ/sⱼ²); see `Design`.
public struct LeastSquares: Objective, Sendable {
    public let design: Design
    public let targets: [Double]
    public let l2: Double
    private let strengths: [Double]
    private let cache = PointCache<State>()
    /// The Hessian does not depend on w: computed once.
    private let hessianCache = PointCache<Matrix>()

    private struct State {
        var residual: [Double]   // X̂w − y
        var value: Double
    }

    /// Throws if the targets do not match the samples or are not finite, or λ is invalid.
    public init(design: Design, targets: [Double], l2: Double = 0) throws {
        guard targets.count == design.rows else {
            throw ModelError.countMismatch(what: "targets", expected: design.rows, got: targets.count)
        }
        if let i = targets.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.invalidLabel(index: i, value: targets[i], allowed: "finite numbers")
        }
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        self.design = design
        self.targets = targets
        self.l2 = l2
        self.strengths = design.penaltyStrengths(l2)
    }

    public var dimension: Int { design.parametersPerOutput }

    private func state(at w: [Double]) -> State {
        if let s = cache.state(at: w) { return s }
        var r = design.linearPredictor(w)
        axpy(-1, targets, &r)
        var v = 0.0
        if let s = design.weights { for i in 0..<r.count { v += s[i] * r[i] * r[i] } } else { v = dot(r, r) }
        let st = State(residual: r, value: 0.5 * v + penalty(w))
        cache.store(st, at: w)
        return st
    }

    private func penalty(_ w: [Double]) -> Double {
        var p = 0.0
        for k in 0..<w.count { p += strengths[k] * w[k] * w[k] }
        return 0.5 * p
    }

    /// ½ Σ sᵢ (x̂ᵢᵀw − yᵢ)², the unpenalized weighted data term (internal coordinates).
    public func loss(at w: [Double]) -> Double { state(at: w).value - penalty(w) }

    public func value(at w: [Double]) -> Double { state(at: w).value }

    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        precondition(w.count == dimension)
        let st = state(at: w)
        var r = st.residual
        if let s = design.weights { for i in 0..<r.count { r[i] *= s[i] } }
        var g = design.transposeProduct(r)
        for k in 0..<g.count { g[k] += strengths[k] * w[k] }
        return Evaluation(value: st.value, gradient: g, hessian: hessian ? hessianMatrix() : nil)
    }

    /// X̂ᵀ S X̂ + diag(λₖ), assembled once with the blocked weighted syrk.
    private func hessianMatrix() -> Matrix {
        if let h = hessianCache.state(at: []) { return h }
        var h = design.weightedGram(design.weights ?? [Double](repeating: 1, count: design.rows))
        h.addToDiagonal(strengths)
        hessianCache.store(h, at: [])
        return h
    }

    /// v ↦ X̂ᵀ S X̂ v + λv in one pass over X̃ (the Hessian is not formed).
    public func curvature(at w: [Double]) -> HessianOperator {
        let design = self.design, strengths = self.strengths
        return HessianOperator(dimension: dimension) { v in
            var hv = design.weightedNormalProduct(design.weights, v)
            for k in 0..<hv.count { hv[k] += strengths[k] * v[k] }
            return hv
        }
    }

    public func externalCoefficients(_ w: [Double]) -> [Double] { design.externalCoefficients(w) }
    public func internalCoefficients(_ w: [Double]) -> [Double] { design.internalCoefficients(w) }
    public func externalCovariance(_ c: Matrix) -> Matrix { design.externalCovariance(c) }

    /// ŷ = X w_f + b for external coefficients (intercept first when `intercept`).
    public static func predict(_ x: Matrix, coefficients w: [Double], intercept: Bool) -> [Double] {
        let off = intercept ? 1 : 0
        precondition(w.count == x.columns + off, "predict: \(w.count) coefficients for \(x.columns) columns")
        var z = x * Array(w[off...])
        if intercept { for i in 0..<z.count { z[i] += w[0] } }
        return z
    }
}
