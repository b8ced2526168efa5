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
    /// The unit of each internal column's coefficient (powers of two): 1 when X̃ is standardized,
    /// else 1/sⱼ rounded to a power of two (``columnUnits(mean:std:standardized:)``).
    public let units: [Double]

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
        self.units = Design.columnUnits(mean: mean, std: std, standardized: standardize)
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
                        Design.standardize(col, n, center: mu[j], scale: s[j])
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

    /// xᵢ ← (xᵢ − m)/s over n entries: multiplied by 1/s, or divided by s where 1/s overflows (a
    /// subnormal s), so that scaling the column by 2ᵏ leaves the result bitwise unchanged.
    static func standardize(_ col: UnsafeMutablePointer<Double>, _ n: Int, center m: Double, scale s: Double) {
        let inv = 1 / s
        if inv.isFinite {
            for i in 0..<n { col[i] = (col[i] - m) * inv }
        } else {
            for i in 0..<n { col[i] = (col[i] - m) / s }
        }
    }

    /// The unit of each internal column's coefficient: 1 for a standardized column; else 1/sⱼ (sⱼ
    /// the standard deviation), 1/|μⱼ| for a constant column, 1 for a zero column, each rounded to a
    /// power of two so that scaling column j by c scales its unit by 1/c exactly (at most 2¹⁰²³, the
    /// largest power of two, for a subnormal column).
    /// - Parameters:
    ///   - mean: μⱼ.
    ///   - std: sⱼ.
    ///   - standardized: whether X̃ is standardized.
    public static func columnUnits(mean: [Double], std: [Double], standardized: Bool) -> [Double] {
        zip(mean, std).map { m, s in
            if standardized { return 1 }
            let magnitude = s > 0 ? s : abs(m)
            guard magnitude > 0 else { return 1 }
            let (r1, r2) = ObjectiveScale.reciprocalFactors(ObjectiveScale.powerOfTwo(magnitude))
            return Swift.min(r1 * r2, 0x1p1023)
        }
    }

    /// The units of one output's parameters: 1 for the intercept, then ``units``.
    public var parameterUnits: [Double] { (intercept ? [1] : []) + units }

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
    public var transform: Matrix { transform(inUnits: false) }

    /// The unit of each user coefficient (and its standard error) for one output: 1 for the
    /// intercept, 1/sⱼ rounded to a power of two for a standardized column, 1 for a raw one. A
    /// column of 2⁻⁶⁰⁰ has a coefficient near 2⁶⁰⁰ whose variance would overflow; in these units
    /// every entry of U⁻¹TCTᵀU⁻¹ stays near the scale of C.
    public var coefficientUnits: [Double] { coefficientUnits(unit: 1) }

    /// ``coefficientUnits`` times u (a power of two: least squares' target unit), each formed as
    /// u/2^eⱼ so that it is finite whenever the product is.
    /// - Parameter u: the target's unit.
    public func coefficientUnits(unit u: Double) -> [Double] {
        (intercept ? [u] : []) + scale.map { isStandardized ? u / ObjectiveScale.powerOfTwo($0) : u }
    }

    /// T, or with `inUnits` U⁻¹T (U = diag(``coefficientUnits``)): feature row j holds
    /// ObjectiveScale.powerOfTwo(sⱼ)/sⱼ ∈ [1/√2, √2] instead of 1/sⱼ.
    /// - Parameter inUnits: whether to divide each row by its coefficient's unit.
    public func transform(inUnits: Bool) -> Matrix {
        let p = parametersPerOutput, off = intercept ? 1 : 0
        var t = Matrix(rows: p, columns: p)
        if intercept { t[0, 0] = 1 }
        for j in 0..<features {
            let unit = inUnits && isStandardized ? ObjectiveScale.powerOfTwo(scale[j]) : 1
            t[off + j, off + j] = unit / scale[j]
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

    /// u·T w_int for a fit of a target divided by the power of two u (least squares' ỹ = y/u): each
    /// feature's u·w̃ⱼ/sⱼ is formed as (w̃ⱼ/(sⱼ/2^eⱼ))·(u/2^eⱼ) with 2^eⱼ the power of two nearest sⱼ, so
    /// that a coefficient that is representable is computed even when u/sⱼ is (a target of 1e-300 with
    /// a column of 1e-310), where w̃ⱼ/sⱼ alone would overflow.
    /// - Parameters:
    ///   - w: one output's coefficients in internal coordinates.
    ///   - u: the target's unit, a power of two.
    public func externalCoefficients(_ w: [Double], unit u: Double) -> [Double] {
        precondition(w.count == parametersPerOutput)
        guard isStandardized else { return w.map { $0 * u } }
        let off = intercept ? 1 : 0
        var v = w.map { $0 * u }
        for j in 0..<features {
            let e = ObjectiveScale.powerOfTwo(scale[j])
            v[off + j] = w[off + j] / (scale[j] / e) * (u / e)
            if intercept { v[0] -= center[j] / scale[j] * (w[off + j] * u) }
        }
        return v
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

    /// T C Tᵀ for a p×p internal covariance, or with `inUnits` U⁻¹TCTᵀU⁻¹ (``coefficientUnits``),
    /// from which a standard error is Uⱼⱼ·√(U⁻¹TCTᵀU⁻¹)ⱼⱼ without forming a variance that overflows.
    /// - Parameters:
    ///   - c: a covariance of one output's internal coefficients.
    ///   - inUnits: whether to return it in the coefficients' units.
    public func externalCovariance(_ c: Matrix, inUnits: Bool = false) -> Matrix {
        precondition(c.rows == parametersPerOutput && c.isSquare)
        guard isStandardized else { return c }
        let t = transform(inUnits: inUnits)
        return product(t * c, t, transposeB: true)
    }
}
