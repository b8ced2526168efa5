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
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// f(w); the same pass also yields ∇f(w) (memory-bound: X̃ streams once either way).
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        return state(at: w, hessian: false).value
    }

    /// f = ½Σ sᵢ(x̂ᵢᵀw − yᵢ)² + (λ/2)‖w‖², ∇f = X̂ᵀS(X̂w − y) + λw and, if asked, ∇²f = X̂ᵀSX̂ + λI (intercept unpenalized).
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
    /// Measured (N = 500 000, d = 200, 2 cores, C against the same OpenBLAS, loaded machine):
    /// strided dsyrk + [1 u] gemm in 2048-row blocks 675 ms, scaled copies in 652-row blocks 705–726 ms;
    /// OpenBLAS's own 2-thread dsyrk 620–1290 ms (and still needs the extra Xᵀ[1 y] pass).
    private func fusedPass(_ w: [Double], hessian wantH: Bool) -> (State, Matrix?) {
        let n = design.rows, d = design.features, p = dimension, off = design.intercept ? 1 : 0
        let weighted = design.weights != nil
        let b = weighted ? RowBlocks.blockRows(columns: p) : 2048
        let zero = w.allSatisfy { $0 == 0 }
        let chunksMax = RowBlocks.maximumChunks
        var values = [Double](repeating: 0, count: chunksMax)
        var grads = [Double](repeating: 0, count: chunksMax * p)
        var hs = [Double](repeating: 0, count: wantH ? chunksMax * p * p : 0)
        let work = (zero ? 0 : 2 * d) + 2 * d + 6 + (wantH ? p * (p + 1) + 2 * p : 0)
        let bias = off == 1 ? w[0] : 0
        let chunks = design.matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                targets.withUnsafeBufferPointer { ysb in
                    values.withUnsafeMutableBufferPointer { vsb in
                        grads.withUnsafeMutableBufferPointer { gsb in
                            hs.withUnsafeMutableBufferPointer { hsb in
            let xs = xsb.baseAddress!, ws = wsb.baseAddress!, ys = ysb.baseAddress!, sw = design.weights
            return RowBlocks.parallelChunks(n, flopsPerRow: work) { chunk, range in
                // u in column 1 of `ou` (column 0 all ones for the unit-weight Hessian's gemm).
                let ou = UnsafeMutablePointer<Double>.allocate(capacity: 2 * b)
                let root = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: wantH && weighted ? b * p : 1)
                let tmp = UnsafeMutablePointer<Double>.allocate(capacity: 2 * max(d, 1))
                defer { ou.deallocate(); root.deallocate(); buffer.deallocate(); tmp.deallocate() }
                let g = gsb.baseAddress! + chunk * p
                let h = wantH ? hsb.baseAddress! + chunk * p * p : nil
                var v = 0.0
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let rb = min(b, range.upperBound - r0)
                    let ones = ou, u = ou + rb
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
                                  ou, ldb: rb, 0, tmp, ldc: max(d, 1))
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
                    r0 += rb
                }
                vsb[chunk] = v
            }
                            }
                        }
                    }
                }
            }
        }
        var value = 0.0
        var g = [Double](repeating: 0, count: p)
        for c in 0..<chunks {
            value += values[c]
            for j in 0..<p { g[j] += grads[c * p + j] }
        }
        for k in 0..<p { g[k] += strengths[k] * w[k] }
        var hm: Matrix?
        if wantH {
            var m = Matrix(rows: p, columns: p, storage: Array(hs[0..<(p * p)]))
            for c in 1..<chunks { for e in 0..<(p * p) { m.storage[e] += hs[c * p * p + e] } }
            m.fillUpperFromLower()
            m.addToDiagonal(strengths)
            hm = m
        }
        return (State(value: 0.5 * value + penalty(w), gradient: g), hm)
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

    /// Coefficients in user units from the solver's internal (rescaled) ones.
    public func externalCoefficients(_ w: [Double]) -> [Double] { design.externalCoefficients(w) }
    /// The solver's internal coefficients from user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { design.internalCoefficients(w) }
    /// A covariance of the internal coefficients in user units.
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
