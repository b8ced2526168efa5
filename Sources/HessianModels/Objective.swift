import HessianLinearAlgebra

/// A twice-differentiable function f: ℝⁿ → ℝ ∪ {+∞} — the only thing a solver sees.
///
/// Parameters are a flat vector. For a matrix parameter W (m×n) the vector is
/// vec(W), column-major, so the gradient is vec(∇_W f) and the Hessian is
/// ∇²_W f = ∂ vec(∇_W f) / ∂ vec(W) in the denominator layout.
///
/// Outside its domain (e.g. log-det at a matrix that is not positive definite)
/// `value` returns +∞; a solver treats that as "step too long" and backs off.
///
/// Conformers implement `dimension`, `value(at:)`, `evaluate(at:hessian:)` and
/// `curvature(at:)`; everything else has a default built on those.
///
/// Points passed to the requirements have `dimension` entries: `minimize` checks the start and
/// the solvers keep the length, so the requirements may treat a wrong length as a programming
/// error (the models trap). ``hessianVectorProduct(at:_:)`` checks both lengths and throws.
///
/// Objectives are `Sendable`: concurrent fits may share one (see the Concurrency article).
public protocol Objective: Sendable {
    /// Number of parameters n.
    var dimension: Int { get }

    /// f(x), or +∞ where f is undefined.
    /// - Parameter x: the point, `dimension` entries.
    func value(at x: [Double]) -> Double

    /// f(x), ∇f(x) and, if asked, ∇²f(x), sharing the work they have in common
    /// (e.g. Xw and σ(Xw) for logistic regression are computed once).
    /// - Parameters:
    ///   - x: the point, `dimension` entries.
    ///   - hessian: whether to form the dense n×n Hessian as well.
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation

    /// f(x), ∇f(x) and, if asked, ∇²f(x) formed at least as accurately as `approximation`; value and
    /// gradient are always exact Float64. The result's ``Evaluation/hessianApproximation`` says what
    /// was used (models without approximate Hessians return an ``HessianApproximation/exact`` one).
    /// - Parameters:
    ///   - x: the point, `dimension` entries.
    ///   - hessian: whether to form the dense n×n Hessian as well.
    ///   - approximation: how the Hessian may be formed (see ``/HessianModels/HessianApproximation``).
    func evaluate(at x: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation

    /// True when `evaluate(at:hessian:approximation:)` forms ``HessianApproximation/singlePrecision``
    /// and ``HessianApproximation/subsampled`` Hessians (and so faster than exact ones). Default false.
    var assemblesApproximateHessians: Bool { get }

    /// The linear map v ↦ ∇²f(x) v, with everything that depends only on x
    /// computed once, so that Newton-CG can apply it many times cheaply.
    /// - Parameter x: the point, `dimension` entries.
    func curvature(at x: [Double]) -> HessianOperator

    /// The Hessian operator at x formed at least as accurately as `approximation`; the operator's
    /// ``HessianOperator/approximation`` says what was used (an exact one unless the model has
    /// subsampled products).
    /// - Parameters:
    ///   - x: the point, `dimension` entries.
    ///   - approximation: how the products may be formed (see ``HessianApproximation``).
    func curvature(at x: [Double], approximation: HessianApproximation) -> HessianOperator

    /// An optional structured solve of ∇²f(x) Δ = −∇f(x) that never forms the
    /// n×n Hessian (e.g. the eigenbasis solve for log-det). nil if not available;
    /// throws if the structure says the step does not exist.
    /// - Parameters:
    ///   - x: the point, `dimension` entries.
    ///   - gradient: ∇f(x), as `evaluate` returned it.
    /// - Returns: Δ, or nil when the objective has no structured solve.
    func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]?

    /// True when a Newton direction at any point is computed from this objective's dense Hessian
    /// (no structured step, or one built on the dense Hessian) and computing it together with the
    /// gradient is cheaper than two separate passes. Newton then asks for value, gradient and
    /// Hessian at once where it expects to need all three. Default false.
    var newtonUsesDenseHessian: Bool { get }
}

/// One evaluation of f at a point.
public struct Evaluation: Sendable {
    /// f(x).
    public var value: Double
    /// ∇f(x).
    public var gradient: [Double]
    /// The dense symmetric Hessian, when it was asked for.
    public var hessian: Matrix?
    /// How `hessian` was formed (``HessianApproximation``).
    public var hessianApproximation: HessianApproximation

    /// An evaluation; `hessian` nil when it was not asked for.
    /// - Parameters:
    ///   - value: f(x) (+∞ outside the domain).
    ///   - gradient: ∇f(x), n entries.
    ///   - hessian: ∇²f(x), n×n symmetric, or nil.
    ///   - hessianApproximation: how the Hessian was formed (default ``HessianApproximation/exact``).
    public init(value: Double, gradient: [Double], hessian: Matrix? = nil, hessianApproximation: HessianApproximation = .exact) {
        self.value = value
        self.gradient = gradient
        self.hessian = hessian
        self.hessianApproximation = hessianApproximation
    }
}

/// v ↦ H v for a fixed symmetric H, without H necessarily being formed.
///
/// Applying it to a v whose length is not `dimension` is a programming error and traps (solvers
/// build v from the same point); ``Objective/hessianVectorProduct(at:_:)`` is the checked entry
/// point. Not `Sendable`: an operator lives inside one solver iteration.
public struct HessianOperator {
    /// n: the operator maps ℝⁿ to ℝⁿ.
    public let dimension: Int
    /// How the products are formed (``HessianApproximation/subsampled``: from a row subsample).
    public let approximation: HessianApproximation
    private let apply: ([Double]) -> [Double]

    /// An operator from its action v ↦ Hv.
    /// - Parameters:
    ///   - dimension: n.
    ///   - approximation: how the products are formed (default ``HessianApproximation/exact``).
    ///   - apply: v ↦ Hv for v with n entries, returning n entries.
    public init(dimension: Int, approximation: HessianApproximation = .exact, _ apply: @escaping ([Double]) -> [Double]) {
        self.dimension = dimension
        self.approximation = approximation
        self.apply = apply
    }

    /// The operator of an explicit matrix.
    /// - Parameter h: H, square (a non-square matrix traps).
    public init(_ h: Matrix) {
        precondition(h.isSquare)
        self.init(dimension: h.rows) { h * $0 }
    }

    /// Hv.
    /// - Parameter v: n entries (another length traps).
    public func callAsFunction(_ v: [Double]) -> [Double] {
        precondition(v.count == dimension, "Hessian-vector product: v has \(v.count) entries, expected \(dimension)")
        return apply(v)
    }
}

extension Objective {
    /// ∇f(x), from `evaluate(at: x, hessian: false)`.
    /// - Parameter x: the point, `dimension` entries.
    public func gradient(at x: [Double]) -> [Double] { evaluate(at: x, hessian: false).gradient }

    /// ∇²f(x), dense and symmetric, from `evaluate(at: x, hessian: true)`.
    /// - Parameter x: the point, `dimension` entries.
    public func hessian(at x: [Double]) -> Matrix {
        guard let h = evaluate(at: x, hessian: true).hessian else {
            preconditionFailure("\(Self.self).evaluate(at:hessian: true) returned no Hessian")
        }
        return h
    }

    /// ∇²f(x) v without forming ∇²f(x) when the model can avoid it.
    /// - Parameters:
    ///   - x: the point.
    ///   - v: the direction.
    /// - Throws: ``/HessianModels/OptimizationError/vectorLength(what:expected:got:)`` when x or v
    ///   does not have `dimension` entries.
    public func hessianVectorProduct(at x: [Double], _ v: [Double]) throws -> [Double] {
        guard x.count == dimension else { throw OptimizationError.vectorLength(what: "the point x", expected: dimension, got: x.count) }
        guard v.count == dimension else { throw OptimizationError.vectorLength(what: "the vector v", expected: dimension, got: v.count) }
        return curvature(at: x)(v)
    }

    /// The exact operator: no subsampled products.
    /// - Parameters:
    ///   - x: the point.
    ///   - approximation: ignored.
    public func curvature(at x: [Double], approximation: HessianApproximation) -> HessianOperator { curvature(at: x) }

    /// The exact evaluation: no approximate Hessians.
    /// - Parameters:
    ///   - x: the point.
    ///   - hessian: whether to form the dense Hessian too.
    ///   - approximation: ignored.
    public func evaluate(at x: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation {
        evaluate(at: x, hessian: hessian)
    }

    /// False: Hessians are always exact.
    public var assemblesApproximateHessians: Bool { false }

    /// No structured step: solvers use the Hessian.
    /// - Parameters:
    ///   - x: the point (unused).
    ///   - gradient: ∇f(x) (unused).
    public func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]? { nil }

    /// False: Newton asks for the Hessian only when it needs it.
    public var newtonUsesDenseHessian: Bool { false }
}
