import Foundation
import Hessian

/// Least-squares, logistic and multinomial fits of one CSV file split across the ranks of a
/// communicator: rank r reads its byte range (``CSVShard``), the global statistics (rows,
/// labels, column moments for --standardize and the internal scaling) come from one collective
/// each, and the solver runs on a ``PartitionedObjective`` over ``RankShards`` on every rank in
/// lockstep. Every rank
/// returns the same model; the caller prints it on rank 0 only.
///
/// Supported: --target/--features, --l2, --no-intercept, --standardize, --solver, --tol,
/// --max-iter. Not yet: formulas, --missing drop, weights, offsets, --summary and the
/// collinearity and separation checks (they need a pivoted QR / LP of the whole matrix).
public enum DistributedEstimator {
    public static func fit(file: String, _ spec: FitSpecification, reader: CSVReader, agreement: Agreement,
                           threads: Int = 1, trace: Estimator.Trace? = nil) throws -> FittedModel {
        let start = Date()
        let comm = agreement.communicator
        let kinds: [ModelKind] = [.leastSquares, .logistic, .multinomial]
        try agreement.agree {
            guard kinds.contains(spec.model) else {
                throw EstimationError.invalidOption("fit-mpi fits least-squares, logistic and multinomial models, not \(spec.model.rawValue)")
            }
        }
        let table = try CSVShard.read(file: file, reader: reader, agreement: agreement)
        let classifier = spec.model != .leastSquares

        // Local columns (errors name global lines), then the global row count and labels.
        let (x, y, labels, names, targetName) = try agreement.agree { () throws -> (Matrix, [Double], (classes: [String], codes: [Int])?, [String], String) in
            let t = try spec.target.map { try table.columnIndex($0) } ?? (table.columnCount - 1)
            let features: [Int]
            if let f = spec.features {
                features = try f.map { try table.columnIndex($0) }
                if features.contains(t) {
                    throw EstimationError.invalidOption("\(file): column \"\(table.names[t])\" is the target and cannot also be a feature")
                }
            } else {
                features = (0..<table.columnCount).filter { $0 != t }
            }
            if features.isEmpty && !spec.intercept { throw EstimationError.invalidOption("\(file): no feature columns to fit") }
            let x = try table.matrix(features)
            if classifier { return (x, [], try table.categories(t), features.map { table.names[$0] }, table.names[t]) }
            return (x, try table.numbers(t), nil, features.map { table.names[$0] }, table.names[t])
        }
        let rows = Int(comm.sum([Int64(x.rows)])[0])
        var codes: [Int] = [], classes: [String]? = nil
        if let labels {
            let textual = table.problems[try table.columnIndex(targetName)] != nil
            let global = try GlobalStatistics.classes(local: labels, textual: textual, comm, reader: reader)
            (classes, codes) = (global.classes, global.codes)
        }
        var xs = x
        var means: [Double]? = nil, stds: [Double]? = nil, notes: [String] = []
        if spec.standardize {
            let (mean, std) = GlobalStatistics.moments(xs, rows: rows, comm)
            var constant = [Int](), m = mean, s = std
            for j in 0..<mean.count where !(std[j] > 0 && std[j] > 1e-14 * abs(mean[j])) {
                (m[j], s[j]) = (0, 1)
                constant.append(j)
            }
            Standardization(means: m, stds: s, constantColumns: constant).apply(to: &xs)
            (means, stds) = (m, s)
            for j in constant { notes.append("column \"\(names[j])\" is constant; left unscaled by --standardize") }
        }
        let (mean, std) = GlobalStatistics.moments(xs, rows: rows, comm)

        var fitted = FittedModel(model: spec.model, l2: spec.l2, intercept: spec.intercept, standardize: spec.standardize,
                                 features: (spec.intercept ? ["intercept"] : []) + names, target: targetName,
                                 classes: classes, means: means, stds: stds, rows: rows, notes: notes)

        // The shard model of this rank, built (and its rows checked) in one agreed step and solved in
        // another, so that a rank failing to build never leaves the others inside the first exchange.
        // Each rank's model is unpenalized; PartitionedObjective adds the penalty once.
        let m = classes?.count ?? 0
        let scaling = ShardScaling(means: mean, standardDeviations: std, intercept: spec.intercept)
        let kind: ShardModel
        switch spec.model {
        case .leastSquares: kind = .leastSquares
        case .logistic: kind = .logistic
        default: kind = .multinomial(classes: m, parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
        }
        let shardX = xs
        let (design, local) = try agreement.agree { () throws -> (Design, @Sendable ([Double], Bool) -> Evaluation) in
            if spec.model == .logistic, m != 2 {
                throw EstimationError.wrongClassCount(file: file, column: targetName, model: .logistic, classes: classes!)
            }
            if spec.model == .multinomial, m < 2 {
                throw EstimationError.wrongClassCount(file: file, column: targetName, model: .multinomial, classes: classes!)
            }
            let parameters = kind.dimension(parametersPerOutput: xs.columns + (spec.intercept ? 1 : 0))
            if spec.l2 == 0 && rows < parameters {
                throw EstimationError.tooFewRows(file: file, rows: rows, parameters: parameters)
            }
            do {
                let design = try Design(xs, intercept: spec.intercept, weights: nil, scaling: scaling)
                switch kind {
                case .leastSquares:
                    let f = try LeastSquares(design: design, targets: y)
                    return (design, { f.evaluate(at: $0, hessian: $1) })
                case .logistic:
                    let f = try Logistic(design: design, labels: codes.map(Double.init))
                    return (design, { f.evaluate(at: $0, hessian: $1) })
                case .multinomial(_, .referenceClass):
                    let f = try Multinomial(design: design, labels: codes, classes: m, parametrization: .referenceClass)
                    return (design, { f.evaluate(at: $0, hessian: $1) })
                default:
                    // All classes free: ShardModel subtracts the placeholder penalty the model needs.
                    let targets = codes.map(Double.init)
                    _ = try kind.partial(shardX, targets: targets, weights: nil, intercept: spec.intercept, scaling: scaling,
                                         at: [Double](repeating: 0, count: parameters), hessian: false)
                    return (design, { w, h in
                        (try? kind.partial(shardX, targets: targets, weights: nil, intercept: spec.intercept, scaling: scaling,
                                           at: w, hessian: h)) ?? Evaluation(value: .infinity, gradient: [Double](repeating: .nan, count: w.count))
                    })
                }
            } catch let e as ModelError {
                throw EstimationError.model(file: file, message: e.description)
            }
        }
        let shards = RankShards(dimension: kind.dimension(parametersPerOutput: design.parametersPerOutput),
                                communicator: comm, local: local)
        let strengths = kind.penaltyStrengths(spec.l2, scaling: scaling, intercept: spec.intercept)
        try agreement.agree {
            let r: OptimizationResult
            if kind == .leastSquares {
                // Quadratic: one exchange of f(0), ∇f(0) and H, then no data.
                r = try solve(PartitionedObjective(source: try QuadraticShards(shards), penaltyStrengths: strengths), spec, threads, trace)
            } else {
                r = try solve(PartitionedObjective(source: shards, penaltyStrengths: strengths), spec, threads, trace)
            }
            Estimator.record(r, into: &fitted)
            switch kind {
            case .multinomial:
                let layout = try Multinomial(design: design, labels: codes, classes: m, l2: 1,
                                             parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
                var w = layout.coefficientMatrix(layout.externalCoefficients(r.solution))
                if spec.l2 > 0 && spec.intercept {
                    // Softmax is shift-invariant: report the intercepts with Σₖ bₖ = 0 (as Estimator).
                    var mean = 0.0
                    for k in 0..<m { mean += w[k, 0] }
                    mean /= Double(m)
                    for k in 0..<m { w[k, 0] -= mean }
                }
                fitted.coefficients = .matrix((0..<m).map { w.row($0) })
            default:
                fitted.coefficients = .vector(design.externalCoefficients(r.solution))
            }
        }
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    static func solve<F: Objective>(_ f: F, _ spec: FitSpecification, _ threads: Int, _ trace: Estimator.Trace?) throws -> OptimizationResult {
        var stopping = StoppingCriteria()
        if let t = spec.tolerance { stopping.gradientTolerance = t }
        if let m = spec.maxIterations { stopping.maxIterations = m }
        let kind = spec.solver ?? SolverKind.default(for: spec.model, parameters: f.dimension)
        let solver = kind.make(stopping: stopping)
        return try minimize(f, from: [Double](repeating: 0, count: f.dimension), using: solver, threads: threads, trace: trace)
    }

}
