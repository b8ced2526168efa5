import HessianLinearAlgebra
import HessianModels

/// Which model a shard evaluates, and how: the shard's rows become a ``/HessianModels/Design`` with the global
/// ``/HessianModels/ShardScaling`` and the model is built on it with λ = 0, so its value, gradient and Hessian are
/// exactly that shard's unpenalized partial sums (the penalty is added once by ``PartitionedObjective``).
public enum ShardModel: Sendable, Equatable {
    /// ½Σ sᵢ(x̂ᵢᵀw − yᵢ)² (``/HessianModels/LeastSquares``).
    case leastSquares
    /// Binary logistic regression with labels 0/1 (``/HessianModels/Logistic``).
    case logistic
    /// Labels are class codes 0..<classes; `.referenceClass` fixes class 0's row at zero.
    case multinomial(classes: Int, parametrization: Multinomial.Parametrization)
    /// Poisson regression with an optional per-row offset added to the linear predictor.
    case poisson
    /// NB2 with θ = log α as the last coordinate (after the p regression coefficients).
    case negativeBinomial

    /// Parameters for p = d (+1 with an intercept) per output.
    /// - Parameter p: d, plus 1 with an intercept.
    public func dimension(parametersPerOutput p: Int) -> Int {
        switch self {
        case .leastSquares, .logistic, .poisson: return p
        case .negativeBinomial: return p + 1
        case .multinomial(let m, let par): return (par == .referenceClass ? m - 1 : m) * p
        }
    }

    /// λₖ per parameter for (λ/2)‖w_ext‖² (intercept and NB's θ unpenalized), in the models' parameter order
    /// (multinomial: vec(W), entry (class k, column j) at k + K·j).
    /// - Parameters:
    ///   - l2: λ ≥ 0.
    ///   - scaling: the shared internal scaling (λ/sⱼ² per feature).
    ///   - intercept: whether the first parameter of each output is the intercept.
    public func penaltyStrengths(_ l2: Double, scaling: ShardScaling, intercept: Bool) -> [Double] {
        let perOutput = scaling.penaltyStrengths(l2, intercept: intercept)
        switch self {
        case .leastSquares, .logistic, .poisson: return perOutput
        case .negativeBinomial: return perOutput + [0]
        case .multinomial(let m, let par):
            let kk = par == .referenceClass ? m - 1 : m
            return perOutput.flatMap { [Double](repeating: $0, count: kk) }
        }
    }

    /// The shard's unpenalized partial evaluation at w (internal coordinates).
    /// `targets`: y (least squares), 0/1 (logistic), class codes (multinomial), counts (Poisson, NB).
    /// Throws `ModelError` for data the model rejects.
    /// - Parameters:
    ///   - x: the shard's features, N_s × d.
    ///   - targets: N_s targets.
    ///   - weights: N_s frequency weights, or nil.
    ///   - offset: N_s offsets, or nil.
    ///   - intercept: whether the design has an intercept column.
    ///   - scaling: the shared internal scaling.
    ///   - w: the point, in internal coordinates.
    ///   - hessian: whether to form the partial Hessian.
    /// - Throws: ``/HessianModels/ModelError`` for data the model rejects (e.g. a label outside its set).
    public func partial(_ x: Matrix, targets: [Double], weights: [Double]?, offset: [Double]? = nil, intercept: Bool,
                        scaling: ShardScaling, at w: [Double], hessian: Bool) throws -> Evaluation {
        let design = try Design(x, intercept: intercept, weights: weights, scaling: scaling)
        switch self {
        case .leastSquares:
            return try LeastSquares(design: design, targets: targets).evaluate(at: w, hessian: hessian)
        case .logistic:
            return try Logistic(design: design, labels: targets).evaluate(at: w, hessian: hessian)
        case .multinomial(let m, let par):
            // λ = 0 per shard: `.allClasses` refuses λ = 0 for the whole fit (singular Hessian), but a
            // shard's unpenalized sums are well defined; a tiny placeholder penalty is subtracted below.
            let codes = targets.map { Int($0) }
            if par == .allClasses {
                let model = try Multinomial(design: design, labels: codes, classes: m, l2: 1, parametrization: par)
                var e = model.evaluate(at: w, hessian: hessian)
                let s = penaltyStrengths(1, scaling: scaling, intercept: intercept)
                e.value -= ridgePenalty(s, w)
                for k in 0..<w.count { e.gradient[k] -= s[k] * w[k] }
                if hessian { e.hessian!.addToDiagonal(s.map { -$0 }) }
                return e
            }
            return try Multinomial(design: design, labels: codes, classes: m, parametrization: par)
                .evaluate(at: w, hessian: hessian)
        case .poisson:
            return try Poisson(design: design, counts: targets, offset: offset).evaluate(at: w, hessian: hessian)
        case .negativeBinomial:
            return try NegativeBinomial(design: design, counts: targets, offset: offset).evaluate(at: w, hessian: hessian)
        }
    }
}

extension ShardModel {
    /// The shard's row scores G (``/HessianModels/RowScoring``: row i is sᵢ∇ℓᵢ at w, internal coordinates), for the
    /// meat of a sandwich covariance accumulated chunk by chunk.
    public func rowScores(_ x: Matrix, targets: [Double], weights: [Double]?, offset: [Double]? = nil, intercept: Bool,
                          scaling: ShardScaling, at w: [Double]) throws -> Matrix {
        let design = try Design(x, intercept: intercept, weights: weights, scaling: scaling)
        switch self {
        case .leastSquares: return try LeastSquares(design: design, targets: targets).rowScores(at: w)
        case .logistic: return try Logistic(design: design, labels: targets).rowScores(at: w)
        case .multinomial(let m, let par):
            // The scores are unpenalized; `.allClasses` only needs some λ > 0 to be built.
            return try Multinomial(design: design, labels: targets.map { Int($0) }, classes: m, l2: par == .allClasses ? 1 : 0,
                                   parametrization: par).rowScores(at: w)
        case .poisson: return try Poisson(design: design, counts: targets, offset: offset).rowScores(at: w)
        case .negativeBinomial: return try NegativeBinomial(design: design, counts: targets, offset: offset).rowScores(at: w)
        }
    }
}
