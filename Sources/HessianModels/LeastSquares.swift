import HessianLinearAlgebra

/// Weighted, ridge-penalized least squares
///     f(w) = ½ Σ sᵢ (x̂ᵢᵀw − yᵢ)² + (λ/2)‖w‖²   (intercept not penalized),
///     ∇f = X̂ᵀ S (X̂w − y) + λw,   ∇²f = X̂ᵀ S X̂ + λI,
/// with X̂ = [1 X] when there is an intercept and S = diag(s). The Objective conformance
/// works in the design's internal coordinates (X̃ and the penalty λ/sⱼ²); see `Design`.
public struct LeastSquares: Objective, Sendable {
    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// The targets yᵢ.
    public let targets: [Double]
    /// The penalty λ.
    public let l2: Double
    private let strengths: [Double]
    private let cache = PointCache<State>()
    /// The Hessian does not depend on w: computed once.
    private let hessianCache = PointCache<Matrix>()

    /// Value and gradient at one point (one fused pass computes both).
    private struct State {
        var value: Double
        var gradient: [Double]
    }

    /// Throws if the targets do not match the samples or are not finite, or λ is invalid.
    /// - Parameters:
    ///   - design: X with its intercept, weights and internal scaling.
    ///   - targets: yᵢ, finite, one per row.
    ///   - l2: λ ≥ 0 (default 0: ordinary least squares).
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

    /// p, the parameters (intercept first).
    public var dimension: Int { design.parametersPerOutput }

    /// Newton's direction always needs the dense Hessian (constant here, formed once).
    public var newtonUsesDenseHessian: Bool { true }

    private func state(at w: [Double], hessian wantH: Bool) -> State {
        if let s = cache.state(at: w), !wantH || hessianCache.state(at: []) != nil { return s }
        let (st, h) = fusedPass(w, hessian: wantH && hessianCache.state(at: []) == nil)
        cache.store(st, at: w)
        if let h { hessianCache.store(h, at: []) }
        return st
    }

    private func penalty(_ w: [Double]) -> Double { ridgePenalty(strengths, w) }

    /// ½ Σ sᵢ (x̂ᵢᵀw − yᵢ)², the unpenalized weighted data term (internal coordinates).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// f(w); the same pass also yields ∇f(w) (memory-bound: X̃ streams once either way).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        return state(at: w, hessian: false).value
    }

    /// f = ½Σ sᵢ(x̂ᵢᵀw − yᵢ)² + (λ/2)‖w‖², ∇f = X̂ᵀS(X̂w − y) + λw and, if asked, ∇²f = X̂ᵀSX̂ + λI (intercept unpenalized).
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - hessian: whether to form the dense Hessian too.
    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        precondition(w.count == dimension)
        let st = state(at: w, hessian: hessian)
        return Evaluation(value: st.value, gradient: st.gradient, hessian: hessian ? hessianCache.state(at: [])! : nil)
    }

    /// One pass over row blocks of X̃, rows split across cores: per block u = X̂_b w − y_b (no
    /// product at w = 0), f += ½ Σ sᵢuᵢ², ∇ += X̂_bᵀ(s ⊙ u) and, if asked, H += X̂_bᵀ S_b X̂_b.
    /// Unit weights: the block's X̃ᵀX̃ is a dsyrk straight on X̃ (leading dimension N, no copy) and
    /// its column sums (the intercept row) and X̃_bᵀu come from one gemm with [1 u]; weighted: the
    /// block is copied once scaled by √sᵢ (`RowBlocks.scaledSyrk`).
    private func fusedPass(_ w: [Double], hessian wantH: Bool) -> (State, Matrix?) {
        let n = design.rows, d = design.features, p = dimension, off = design.intercept ? 1 : 0
        let weighted = design.weights != nil
        let b = weighted ? RowBlocks.blockRows(columns: p) : LeastSquares.unweightedBlockRows
        let zero = w.allSatisfy { $0 == 0 }
        let work = (zero ? 0 : 2 * d) + 2 * d + 6 + (wantH ? p * (p + 1) + 2 * p : 0)
        let bias = off == 1 ? w[0] : 0
        // Scratch per chunk: [1 u] (2b), √s (b), X̃_bᵀ[1 u] (2d), the scaled block (b × p, weighted).
        let scratch = 3 * b + 2 * max(d, 1) + (wantH && weighted ? b * p : 0)
        let sums = design.matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                targets.withUnsafeBufferPointer { ysb in
            let xs = xsb.baseAddress!, ws = wsb.baseAddress!, ys = ysb.baseAddress!, sw = design.weights
            return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: work, scalars: 1, vector: p,
                                          matrix: wantH ? p * p : 0, scratch: scratch) { rows, acc in
                let r0 = rows.lowerBound, rb = rows.count
                let ones = acc.scratch, u = ones + rb, root = ones + 2 * b, tmp = root + b, buffer = tmp + 2 * max(d, 1)
                let g = acc.vector, h = wantH ? acc.matrix : nil
                var v = 0.0
                for i in 0..<rb { ones[i] = 1; u[i] = bias - ys[r0 + i] }
                if !zero { blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, ws + off, 1, u) }
                if let sw {
                    for i in 0..<rb {
                        let si = sw[r0 + i]
                        v += si * u[i] * u[i]
                        u[i] *= si
                        root[i] = si.squareRoot()
                    }
                } else {
                    for i in 0..<rb { v += u[i] * u[i] }
                }
                if let h, !weighted {
                    // [X̃_bᵀ1, X̃_bᵀu] in one gemm; the lower triangle of H gets N, the column sums
                    // (intercept row) and X̃_bᵀX̃_b.
                    blockGemm(transposeA: true, transposeB: false, m: d, n: 2, k: rb, 1, xs + r0, lda: n,
                              ones, ldb: rb, 0, tmp, ldc: max(d, 1))
                    for j in 0..<d { g[off + j] += tmp[d + j] }
                    if off == 1 {
                        h[0] += Double(rb)
                        for j in 0..<d { h[1 + j] += tmp[j] }
                    }
                    blockSyrkTransposed(n: d, k: rb, 1, xs + r0, lda: n, 1, h + off * (p + 1), ldc: p)
                } else {
                    blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, u, 1, g + off)
                    if let h {
                        RowBlocks.scaledSyrk(x: xs, n: n, d: d, r0: r0, rb: rb, intercept: off == 1, root: root,
                                             alpha: 1, buffer: buffer, c: h, ldc: p)
                    }
                }
                if off == 1 { g[0] += blockSum(u, rb) }
                acc.scalars[0] += v
            }
                }
            }
        }
        var g = sums.vector
        for k in 0..<p { g[k] += strengths[k] * w[k] }
        var hm: Matrix?
        if wantH {
            var m = Matrix(rows: p, columns: p, storage: sums.matrix)
            m.fillUpperFromLower()
            m.addToDiagonal(strengths)
            hm = m
        }
        return (State(value: 0.5 * sums.scalars[0] + penalty(w), gradient: g), hm)
    }

    /// Rows per block of the unit-weight pass (strided dsyrk straight on X̃; see Benchmarks/results/notes.md).
    static let unweightedBlockRows = 2048

    /// v ↦ X̂ᵀ S X̂ v + λv in one pass over X̃ (the Hessian is not formed).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func curvature(at w: [Double]) -> HessianOperator { design.ridgeCurvature(design.weights, strengths) }

    /// Coefficients in user units from the solver's internal (rescaled) ones.
    /// - Parameter w: coefficients in internal coordinates (e.g. a solution of this objective).
    public func externalCoefficients(_ w: [Double]) -> [Double] { design.externalCoefficients(w) }
    /// The solver's internal coefficients from user units.
    /// - Parameter w: coefficients in user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { design.internalCoefficients(w) }
    /// A covariance of the internal coefficients in user units.
    /// - Parameter c: a covariance of the internal coefficients (e.g. H⁻¹ at the solution).
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
