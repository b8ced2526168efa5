import Foundation
import HessianLinearAlgebra

/// The design of a regression: an N×d data matrix X (without an intercept column),
/// whether the model has an intercept, optional per-sample weights sᵢ > 0, and an
/// internal rescaling that makes badly scaled data numerically harmless.
///
/// Parameter layout per output: the intercept first (if any), then the d features,
/// p = d + (intercept ? 1 : 0) entries.
///
/// Internal scaling. The models work on X̃ = (X − 1μᵀ) diag(1/s) (centring only with
/// an intercept; s the population standard deviation, a constant column keeps s = 1).
/// With x̃ⱼ = (xⱼ − μⱼ)/sⱼ, b̃ + Σ w̃ⱼ x̃ⱼ = (b̃ − Σ μⱼ w̃ⱼ/sⱼ) + Σ (w̃ⱼ/sⱼ) xⱼ, so
///     w_ext = T w_int,   T = [1  −(μ/s)ᵀ; 0  diag(1/s)]   (without intercept T = diag(1/s)),
/// an exact affine reparametrization. The user's penalty (λ/2)‖w_ext‖² (intercept
/// excluded) becomes the per-coordinate penalty (λ/2) Σ w̃ⱼ²/sⱼ² internally.
public struct Design: Sendable {
    /// How the internal matrix X̃ is derived from X.
    public enum Scaling: Sendable, Equatable {
        /// X̃ = X (no copy).
        case none
        /// Always centre (with an intercept) and scale to unit population standard deviation.
        case standardize
        /// Standardize only when the column scales spread by more than 10×, lie outside
        /// [0.01, 100], or (with an intercept) some mean exceeds 10 standard deviations;
        /// otherwise X̃ = X without a copy.
        case automatic
    }

    /// The user's X (N×d).
    public let data: Matrix
    /// X̃, the matrix the models compute with. Shares storage with `data` when not standardized.
    public let matrix: Matrix
    /// Whether a column of ones is prepended: the parameter vector is then [b, w₁, …, w_d].
    public let intercept: Bool
    /// sᵢ, or nil for unit weights.
    public let weights: [Double]?
    /// μ (zeros unless standardized with an intercept).
    public let center: [Double]
    /// s (ones unless standardized).
    public let scale: [Double]
    /// True when X̃ ≠ X.
    public let isStandardized: Bool

    /// Validates X and the weights and decides the internal scaling.
    /// Throws `ModelError` for non-finite X, weight count mismatch, non-positive or non-finite weights.
    /// - Parameters:
    ///   - x: X, N×d, finite.
    ///   - intercept: prepend a column of ones (default true).
    ///   - weights: frequency weights sᵢ > 0, or nil for 1.
    ///   - scaling: whether to standardize internally (default ``Scaling/automatic``).
    public init(_ x: Matrix, intercept: Bool = true, weights: [Double]? = nil,
                scaling: Scaling = .automatic) throws {
        let n = x.rows, d = x.columns
        if let w = weights {
            if w.count != n { throw ModelError.countMismatch(what: "sample weights", expected: n, got: w.count) }
            for (i, v) in w.enumerated() where !(v.isFinite && v > 0) {
                throw ModelError.invalidWeight(index: i, value: v)
            }
        }
        let (mean, std) = try Design.columnMoments(x)
        let standardize: Bool
        switch scaling {
        case .none: standardize = false
        case .standardize: standardize = d > 0
        case .automatic: standardize = Design.needsStandardizing(mean: mean, std: std, intercept: intercept)
        }
        self.data = x
        self.intercept = intercept
        self.weights = weights
        self.isStandardized = standardize
        if standardize {
            let mu = intercept ? mean : [Double](repeating: 0, count: d)
            // A constant column (s = 0) keeps s = 1; with an intercept it is centred to zero,
            // which is as collinear with the intercept as the original column was.
            let s = std.map { $0 > 0 ? $0 : 1 }
            var xt = x
            let chunks = n * d < 1 << 16 ? 1 : ParallelFor.chunks(d, budget: ParallelFor.maximumChunks, minimumRowsPerChunk: 1)
            xt.storage.withUnsafeMutableBufferPointer { b in
                let base = b.baseAddress!
                ParallelFor.run(d, chunks: chunks) { _, columns in
                    for j in columns {
                        let col = base + j * n
                        let m = mu[j], inv = 1 / s[j]
                        for i in 0..<n { col[i] = (col[i] - m) * inv }
                    }
                }
            }
            self.center = mu
            self.scale = s
            self.matrix = xt
        } else {
            self.center = [Double](repeating: 0, count: d)
            self.scale = [Double](repeating: 1, count: d)
            self.matrix = x
        }
    }

    static func needsStandardizing(mean: [Double], std: [Double], intercept: Bool) -> Bool {
        let nonConstant = std.indices.filter { std[$0] > 0 }
        guard !nonConstant.isEmpty else { return false }
        let scales = nonConstant.map { std[$0] }
        let lo = scales.min()!, hi = scales.max()!
        if hi / lo > 10 || hi > 100 || lo < 0.01 { return true }
        if intercept && nonConstant.contains(where: { abs(mean[$0]) > 10 * std[$0] }) { return true }
        return false
    }

    /// N
    public var rows: Int { data.rows }
    /// d (features, without the intercept)
    public var features: Int { data.columns }
    /// p = d + (intercept ? 1 : 0): parameters per output.
    public var parametersPerOutput: Int { data.columns + (intercept ? 1 : 0) }
    /// Σ sᵢ (N for unit weights).
    public var totalWeight: Double { weights.map { $0.reduce(0, +) } ?? Double(rows) }

    /// The internal per-coordinate penalty factors: 0 for the intercept, 1/sⱼ² for feature j,
    /// so that (λ/2) Σ factorₖ w̃ₖ² = (λ/2)‖w_ext‖² without the intercept.
    public var penaltyFactors: [Double] {
        (intercept ? [0] : []) + scale.map { 1 / ($0 * $0) }
    }

    /// T (p×p) with w_ext = T w_int.
    public var transform: Matrix {
        let p = parametersPerOutput, off = intercept ? 1 : 0
        var t = Matrix(rows: p, columns: p)
        if intercept { t[0, 0] = 1 }
        for j in 0..<features {
            t[off + j, off + j] = 1 / scale[j]
            if intercept { t[0, off + j] = -center[j] / scale[j] }
        }
        return t
    }

    /// w_ext = T w_int for one output (p entries).
    /// - Parameter w: one output's coefficients in internal coordinates.
    public func externalCoefficients(_ w: [Double]) -> [Double] {
        precondition(w.count == parametersPerOutput)
        return mapped(w, feature: { $0 / self.scale[$1] }, intercept: { -(self.center[$0] / self.scale[$0]) })
    }

    /// w_int = T⁻¹ w_ext for one output (p entries).
    /// - Parameter w: one output's coefficients in user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] {
        precondition(w.count == parametersPerOutput)
        return mapped(w, feature: { $0 * self.scale[$1] }, intercept: { self.center[$0] })
    }

    /// T and T⁻¹ have one shape: feature j's coefficient wⱼ becomes a(wⱼ, j) and, with an intercept,
    /// b(j)·wⱼ is added to the intercept (T: a = wⱼ/sⱼ, b = −μⱼ/sⱼ; T⁻¹: a = wⱼ·sⱼ, b = μⱼ).
    private func mapped(_ w: [Double], feature a: (Double, Int) -> Double, intercept b: (Int) -> Double) -> [Double] {
        guard isStandardized else { return w }
        let off = intercept ? 1 : 0
        var v = w
        for j in 0..<features {
            v[off + j] = a(w[off + j], j)
            if intercept { v[0] += b(j) * w[off + j] }
        }
        return v
    }

    /// T C Tᵀ for a p×p internal covariance.
    /// - Parameter c: a covariance of one output's internal coefficients.
    public func externalCovariance(_ c: Matrix) -> Matrix {
        precondition(c.rows == parametersPerOutput && c.isSquare)
        guard isStandardized else { return c }
        let t = transform
        return product(t * c, t, transposeB: true)
    }
}
