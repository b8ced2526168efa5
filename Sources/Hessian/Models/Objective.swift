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
public protocol Objective {
    /// Number of parameters n.
    var dimension: Int { get }

    /// f(x), or +∞ where f is undefined.
    func value(at x: [Double]) -> Double

    /// f(x), ∇f(x) and, if asked, ∇²f(x), sharing the work they have in common
    /// (e.g. Xw and σ(Xw) for logistic regression are computed once).
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation

    /// The linear map v ↦ ∇²f(x) v, with everything that depends only on x
    /// computed once, so that Newton-CG can apply it many times cheaply.
    func curvature(at x: [Double]) -> HessianOperator

    /// An optional structured solve of ∇²f(x) Δ = −∇f(x) that never forms the
    /// n×n Hessian (e.g. the eigenbasis solve for log-det). nil if not available;
    /// throws if the structure says the step does not exist.
    func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]?

    /// True when a Newton direction at any point is computed from this objective's dense Hessian
    /// (no structured step, or one built on the dense Hessian) and computing it together with the
    /// gradient is cheaper than two separate passes. Newton then asks for value, gradient and
    /// Hessian at once where it expects to need all three. Default false.
    var newtonUsesDenseHessian: Bool { get }
}

/// One evaluation of f at a point.
public struct Evaluation: Sendable {
    public var value: Double
    public var gradient: [Double]
    /// The dense symmetric Hessian, when it was asked for.
    public var hessian: Matrix?

    public init(value: Double, gradient: [Double], hessian: Matrix? = nil) {
        self.value = value
        self.gradient = gradient
        self.hessian = hessian
    }
}

/// v ↦ H v for a fixed symmetric H, without H necessarily being formed.
public struct HessianOperator {
    public let dimension: Int
    private let apply: ([Double]) -> [Double]

    public init(dimension: Int, _ apply: @escaping ([Double]) -> [Double]) {
        self.dimension = dimension
        self.apply = apply
    }

    /// The operator of an explicit matrix.
    public init(_ h: Matrix) {
        precondition(h.isSquare)
        self.init(dimension: h.rows) { h * $0 }
    }

    public func callAsFunction(_ v: [Double]) -> [Double] {
        precondition(v.count == dimension, "Hessian-vector product: v has \(v.count) entries, expected \(dimension)")
        return apply(v)
    }
}

extension Objective {
    /// ∇f(x)
    public func gradient(at x: [Double]) -> [Double] { evaluate(at: x, hessian: false).gradient }

    /// ∇²f(x), dense and symmetric.
    public func hessian(at x: [Double]) -> Matrix {
        guard let h = evaluate(at: x, hessian: true).hessian else {
            preconditionFailure("\(Self.self).evaluate(at:hessian: true) returned no Hessian")
        }
        return h
    }

    /// ∇²f(x) v without forming ∇²f(x) when the model can avoid it.
    public func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { curvature(at: x)(v) }

    public func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]? { nil }

    public var newtonUsesDenseHessian: Bool { false }
}
