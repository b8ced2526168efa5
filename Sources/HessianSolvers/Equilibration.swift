import Foundation
import HessianLinearAlgebra
import HessianModels

/// Jacobi equilibration of a symmetric matrix: D = diag(1/sᵢ) with sᵢ = √|Hᵢᵢ| (see
/// ``NewtonDirection/scaling(_:)``), H̃ = D H D, g̃ = D g, p = D p̃. Newton's Cholesky works on H̃ so
/// that a diagonal spanning many orders of magnitude does not defeat it (the Newton step is the same
/// in exact arithmetic); the exact trust region uses the same D for its ellipsoidal region
/// ‖D⁻¹p‖ ≤ Δ (N&W §4.5).
struct Equilibration {
    /// dᵢ = 1/sᵢ (all 1 when switched off).
    let d: [Double]

    init(_ h: Matrix, enabled: Bool = true) {
        d = enabled ? NewtonDirection.scaling(h).map { 1 / $0 } : [Double](repeating: 1, count: h.rows)
    }

    init(inverseScale d: [Double]) { self.d = d }

    /// D H D.
    func scaled(_ h: Matrix) -> Matrix {
        let n = d.count
        var ht = h
        ht.storage.withUnsafeMutableBufferPointer { a in
            for j in 0..<n { for i in 0..<n { a[i + j * n] *= d[i] * d[j] } }
        }
        return ht
    }

    /// D v: a gradient into scaled coordinates, or a scaled step back into x's.
    func apply(_ v: [Double]) -> [Double] { (0..<d.count).map { d[$0] * v[$0] } }

    /// ‖D⁻¹v‖₂, the region's norm of v.
    func regionNorm(_ v: [Double]) -> Double { norm2((0..<d.count).map { v[$0] / d[$0] }) }
}
