import HessianLinearAlgebra
import HessianModels

/// The dense BFGS inverse-Hessian approximation (N&W eq. 6.17): after a pair (s, y), ρ = 1/yᵀs,
///   Hₖ₊₁ = (I − ρsyᵀ) Hₖ (I − ρysᵀ) + ρssᵀ = Hₖ − ρ(s(Hₖy)ᵀ + (Hₖy)sᵀ) + (ρ²yᵀHₖy + ρ) ssᵀ,
/// applied as one dsyr2 and one dsyr on the lower triangle (O(n²)). H₀ = I; before the first update
/// H is rescaled to γI, γ = yᵀs / yᵀy (N&W eq. 6.20).
struct DenseInverseHessian: InverseHessianApproximation {
    /// The lower triangle holds H.
    private(set) var h: Matrix
    private(set) var gamma = 1.0
    private(set) var isScaled = false

    init(dimension n: Int) { h = Matrix.identity(n) }

    mutating func direction(for g: [Double]) -> [Double] {
        var p = [Double](repeating: 0, count: g.count)
        symmetricTimes(-1, h, g, 0, &p)
        return p
    }

    mutating func update(with pair: SecantPair) {
        gamma = pair.gamma
        if !isScaled {
            setScaledIdentity()
            isScaled = true
        }
        let rho = 1 / pair.sy
        var hy = [Double](repeating: 0, count: pair.y.count)
        symmetricTimes(1, h, pair.y, 0, &hy)
        let yhy = dot(pair.y, hy)
        symmetricRank2Update(-rho, pair.s, hy, &h)
        symmetricRank1Update(rho * rho * yhy + rho, pair.s, &h)
    }

    mutating func reset() { setScaledIdentity() }

    var resetDescription: String { "reset H to \(fmt(gamma))·I" }

    private mutating func setScaledIdentity() {
        h = Matrix.identity(h.rows)
        scal(gamma, &h.storage)
    }
}
