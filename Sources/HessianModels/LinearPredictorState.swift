import HessianLinearAlgebra

/// What a model built on `linearPredictorPass` (`Logistic`, `Poisson`, `NegativeBinomial`)
/// remembers at one point: η, the value and, once a full pass ran, the derivatives.
struct LinearPredictorState {
    /// η = X̂w + o.
    var eta: [Double]
    var value: Double
    var gradient: [Double]? = nil
    /// The rows' ∂²lᵢ/∂ηᵢ² weights, reused by Hessian-vector products.
    var curvatureWeights: [Double]? = nil
    /// `NegativeBinomial`'s (w, θ) Hessian column and (θ, θ) entry.
    var cross: [Double]? = nil
    var thetaTheta = 0.0
    var hessian: Matrix? = nil
    /// How `hessian` was formed.
    var hessianApproximation = HessianApproximation.exact
}

extension PointCache where State == LinearPredictorState {
    /// f(x) from the cache, or from `compute` (η and the value only), stored for the next call.
    func value(at x: [Double], _ compute: () -> LinearPredictorState) -> Double {
        if let s = state(at: x) { return s.value }
        let s = compute()
        store(s, at: x)
        return s.value
    }

    /// f, ∇f and, if asked (`hessian` not nil), ∇²f at x at least as accurately as asked: from the cache
    /// when it has them, otherwise from one `pass(η)` (η cached by `value`, or nil), stored for the
    /// next call.
    func evaluation(at x: [Double], hessian: HessianApproximation?,
                    _ pass: ([Double]?) -> LinearPredictorState) -> Evaluation {
        let old = state(at: x)
        if let s = old, let g = s.gradient {
            if hessian == nil { return Evaluation(value: s.value, gradient: g) }
            if let h = s.hessian, s.hessianApproximation.serves(hessian!) {
                return Evaluation(value: s.value, gradient: g, hessian: h, hessianApproximation: s.hessianApproximation)
            }
        }
        let s = pass(old?.eta)
        store(s, at: x)
        return Evaluation(value: s.value, gradient: s.gradient!, hessian: s.hessian, hessianApproximation: s.hessianApproximation)
    }

    /// The state at x with its curvature weights, running `pass(η)` without the Hessian if needed.
    func curvatureState(at x: [Double], _ pass: ([Double]?) -> LinearPredictorState) -> LinearPredictorState {
        let old = state(at: x)
        if let s = old, s.curvatureWeights != nil { return s }
        let s = pass(old?.eta)
        store(s, at: x)
        return s
    }
}

extension Design {
    /// η = X̂w + o and Σ sᵢ lᵢ(ηᵢ) by the kernel's `loss` (no derivatives).
    func linearPredictorLoss<K: RowKernel>(_ kernel: K, _ w: [Double], offset: [Double]?) -> (eta: [Double], loss: Double) {
        let eta = CountData.linearPredictor(self, w, offset: offset)
        var v = 0.0
        for i in 0..<eta.count { v += kernel.loss(i, eta: eta[i]) }
        return (eta, v)
    }
}
