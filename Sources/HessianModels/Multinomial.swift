import Foundation
import HessianLinearAlgebra

/// Weighted, ridge-penalized multinomial logistic regression with m classes.
///
/// Per sample, with x̂ = (1, x) when there is an intercept, a = W x̂, p = softmax(a):
///     l = −log p_y = log(1ᵀe^a) − a_y,   ∇_W l = (p − y) x̂ᵀ,   ∇²_W l = (x̂x̂ᵀ) ⊗ D(a),
///     D(a) = diag(p) − ppᵀ,
/// so over N samples (R = S(P − Y)): ∇_W = Rᵀ X̂ and ∇² = Σᵢ sᵢ (x̂ᵢx̂ᵢᵀ) ⊗ D(W x̂ᵢ) in vec(W)
/// column-major order (parameter (class k, feature j) at k + K·j). Penalty (λ/2)‖W‖²_F over the
/// feature columns only.
///
/// Parametrizations. `.allClasses`: W is m×p; softmax is invariant to adding one vector to every
/// row, so the Hessian is singular and λ > 0 is required. Even then, with an (unpenalized)
/// intercept, adding one constant to every intercept stays flat: the Hessian is singular along
/// that one direction, `newtonStep` returns the minimum-norm Newton step, and H⁻¹ (a covariance)
/// does not exist — use `.referenceClass` for inference. `.referenceClass`: class 0's row is
/// fixed at zero and W holds the other K = m − 1 rows (as statsmodels' MNLogit), valid for λ = 0.
///
/// The Objective conformance is in the design's internal coordinates (see `Design`).
public struct Multinomial: Objective, Sendable {
    /// Which classes have free coefficients.
    public enum Parametrization: String, Sendable, CaseIterable {
        /// `allClasses`: W has a row for each of the m classes (identified by the penalty, λ > 0);
        /// `referenceClass`: class 0's row is fixed at 0 and W has m − 1 rows (valid for λ = 0).
        case allClasses, referenceClass
    }

    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// Class codes 0..<classes, one per row.
    public let labels: [Int]
    /// m, the number of classes.
    public let classes: Int
    /// The penalty λ.
    public let l2: Double
    /// Reference class (λ = 0) or all classes free.
    public let parametrization: Parametrization
    /// λ·factorⱼ per column j of W (0 for the intercept column).
    let strengths: [Double]
    let cache = PointCache<State>()
    /// X̃ in Float32, for single-precision Hessian-vector products.
    let singleCopy = SinglePrecisionCopy()

    struct State {
        /// P, N×m column-major (all m classes, including a reference class).
        var probabilities: [Double]
        var value: Double
        var gradient: [Double]?
        var hessian: Matrix?
    }

    /// Throws for labels outside 0..<classes, a count mismatch, fewer than 2 classes, an invalid λ,
    /// or `.allClasses` with λ = 0 (singular Hessian: use `.referenceClass` or λ > 0).
    /// - Parameters:
    ///   - design: X with its intercept, weights and internal scaling.
    ///   - labels: class codes in 0..<`classes`, one per row.
    ///   - classes: m ≥ 2.
    ///   - l2: λ ≥ 0 (default 0).
    ///   - parametrization: `.allClasses` needs λ > 0 to identify W; `.referenceClass` fixes class 0.
    public init(design: Design, labels: [Int], classes: Int, l2: Double = 0,
                parametrization: Parametrization) throws {
        guard classes >= 2 else { throw ModelError.tooFewClasses(classes) }
        guard labels.count == design.rows else {
            throw ModelError.countMismatch(what: "labels", expected: design.rows, got: labels.count)
        }
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw ModelError.invalidLabel(index: i, value: Double(labels[i]), allowed: "integers 0..<\(classes)")
        }
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        if parametrization == .allClasses && l2 == 0 {
            throw ModelError.needsPenalty(
                "multinomial regression over all classes needs an L2 penalty λ > 0 (adding one vector to every "
                + "class's coefficients leaves the probabilities unchanged, so the Hessian is singular); "
                + "use λ > 0 or the reference-class parametrization")
        }
        self.design = design
        self.labels = labels
        self.classes = classes
        self.l2 = l2
        self.parametrization = parametrization
        self.strengths = design.penaltyStrengths(l2)
    }

    /// The first class with free coefficients (1 when class 0 is the reference).
    public var firstFreeClass: Int { parametrization == .referenceClass ? 1 : 0 }
    /// K, the number of rows of W that are parameters.
    public var freeClasses: Int { classes - firstFreeClass }
    /// p·K with K free classes.
    public var dimension: Int { freeClasses * design.parametersPerOutput }

    /// Newton's direction (plain or the minimum-norm `newtonStep`) needs the dense Hessian;
    /// the fused pass forms it with the gradient.
    public var newtonUsesDenseHessian: Bool { true }

    func penalty(_ w: [Double]) -> Double {
        let kk = freeClasses
        var s = 0.0
        for j in 0..<design.parametersPerOutput where strengths[j] != 0 {
            for k in 0..<kk { s += strengths[j] * w[k + kk * j] * w[k + kk * j] }
        }
        return 0.5 * s
    }

    /// Σ sᵢ (−log p_{i,yᵢ}), the unpenalized weighted data term (internal coordinates).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// f(W) = Σ sᵢ[log Σₖ e^{ηᵢₖ} − ηᵢ,yᵢ] + (λ/2)‖W‖² (intercepts unpenalized).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        if let s = cache.state(at: w) { return s.value }
        let st = pass(w, given: nil, gradient: false, hessian: false)
        cache.store(st, at: w)
        return st.value
    }

    /// f, ∇f and, if asked, the Kp×Kp Hessian.
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - hessian: whether to form the dense Hessian too.
    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        precondition(w.count == dimension)
        let old = cache.state(at: w)
        if let s = old, let g = s.gradient, !hessian || s.hessian != nil {
            return Evaluation(value: s.value, gradient: g, hessian: hessian ? s.hessian : nil)
        }
        let st = pass(w, given: old, gradient: true, hessian: hessian)
        cache.store(st, at: w)
        return Evaluation(value: st.value, gradient: st.gradient!, hessian: st.hessian)
    }

    /// The Newton step where the dense Hessian is singular by construction: all classes with an
    /// (unpenalized) intercept. Adding one constant to every class's intercept leaves the
    /// probabilities unchanged, so u = (1,…,1 on the K intercept entries, 0 elsewhere) spans the
    /// Hessian's null space even with λ > 0 (any null vector must have zero feature part, since
    /// those are penalized, and an intercept part β with βᵀD(aᵢ)β = 0 for all i, i.e. β ∝ 1).
    /// The gradient is orthogonal to u (Σₖ ∂/∂bₖ = Σᵢ sᵢ Σₖ (pᵢₖ − yᵢₖ) = 0), so H Δ = −g is
    /// consistent, and (H + c uuᵀ) Δ = −g, positive definite, has as its solution exactly the
    /// minimum-norm Newton step (its u-component is 0). c is the mean intercept diagonal, for
    /// conditioning. For every other configuration the dense Hessian is positive definite and
    /// this returns nil (the solver factors the Hessian itself).
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - gradient: ∇f at the point, as `evaluate` returned it.
    public func newtonStep(at w: [Double], gradient: [Double]) throws -> [Double]? {
        guard parametrization == .allClasses && design.intercept else { return nil }
        var h = evaluate(at: w, hessian: true).hessian!
        let kk = freeClasses
        var c = 0.0
        for k in 0..<kk { c += h[k, k] }
        c = max(c / Double(kk), Double.leastNormalMagnitude)
        for k in 0..<kk { for l in 0..<kk { h[k, l] += c } }
        return try Cholesky(h).solve(scaled(-1, gradient))
    }
}
