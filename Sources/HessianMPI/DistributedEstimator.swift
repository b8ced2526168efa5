import Foundation
import Hessian

/// Least-squares, logistic and multinomial fits of one CSV file split across the ranks of a
/// communicator: rank r reads its byte range (``CSVShard``), the global statistics (rows,
/// labels, column moments for --standardize and the internal scaling) come from one collective
/// each, and the solver runs on ``RankSumObjective`` on every rank in lockstep. Every rank
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

        // Every rank's term carries λ/K, so the penalties add up to λ (and each shard's model stays
        // valid on its own: all-classes multinomial needs λ > 0). Models are built in one agreed
        // step and solved in another, so that a rank failing to build its model never leaves the
        // others inside the solver's first reduction.
        let localL2 = spec.l2 / Double(comm.size)
        let m = classes?.count ?? 0
        let model = try agreement.agree { () throws -> ShardModel in
            let design = try Design(shard: xs, intercept: spec.intercept, globalMean: mean, globalStd: std)
            if spec.model == .logistic, m != 2 {
                throw EstimationError.wrongClassCount(file: file, column: targetName, model: .logistic, classes: classes!)
            }
            if spec.model == .multinomial, m < 2 {
                throw EstimationError.wrongClassCount(file: file, column: targetName, model: .multinomial, classes: classes!)
            }
            let free = spec.model == .multinomial ? (spec.l2 == 0 ? m - 1 : m) : 1
            let parameters = free * design.parametersPerOutput
            if spec.l2 == 0 && rows < parameters {
                throw EstimationError.tooFewRows(file: file, rows: rows, parameters: parameters)
            }
            do {
                switch spec.model {
                case .leastSquares: return .leastSquares(try LeastSquares(design: design, targets: y, l2: localL2))
                case .logistic: return .logistic(try Logistic(design: design, labels: codes.map(Double.init), l2: localL2))
                default:
                    return .multinomial(try Multinomial(design: design, labels: codes, classes: m, l2: localL2,
                                                        parametrization: spec.l2 == 0 ? .referenceClass : .allClasses))
                }
            } catch let e as ModelError {
                throw EstimationError.model(file: file, message: e.description)
            }
        }
        try agreement.agree {
            switch model {
            case .leastSquares(let f):
                let r = try solve(RankSumObjective(f, communicator: comm), spec, threads, trace)
                record(r, into: &fitted)
                fitted.coefficients = .vector(f.externalCoefficients(r.solution))
            case .logistic(let f):
                let r = try solve(RankSumObjective(f, communicator: comm), spec, threads, trace)
                record(r, into: &fitted)
                fitted.coefficients = .vector(f.externalCoefficients(r.solution))
            case .multinomial(let f):
                let r = try solve(RankSumObjective(f, communicator: comm), spec, threads, trace)
                record(r, into: &fitted)
                var w = f.coefficientMatrix(f.externalCoefficients(r.solution))
                if spec.l2 > 0 && spec.intercept {
                    // Softmax is shift-invariant: report the intercepts with Σₖ bₖ = 0 (as Estimator).
                    var mean = 0.0
                    for k in 0..<m { mean += w[k, 0] }
                    mean /= Double(m)
                    for k in 0..<m { w[k, 0] -= mean }
                }
                fitted.coefficients = .matrix((0..<m).map { w.row($0) })
            }
        }
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    /// This rank's model of its rows.
    enum ShardModel {
        case leastSquares(LeastSquares)
        case logistic(Logistic)
        case multinomial(Multinomial)
    }

    static func solve<F: Objective>(_ f: F, _ spec: FitSpecification, _ threads: Int, _ trace: Estimator.Trace?) throws -> OptimizationResult {
        var stopping = StoppingCriteria()
        if let t = spec.tolerance { stopping.gradientTolerance = t }
        if let m = spec.maxIterations { stopping.maxIterations = m }
        let name = spec.solver ?? SolverChoice.defaultName(for: spec.model, parameters: f.dimension)
        let solver = try SolverChoice.make(name, stopping: stopping)
        return try minimize(f, from: [Double](repeating: 0, count: f.dimension), using: solver, threads: threads, trace: trace)
    }

    static func record(_ r: OptimizationResult, into fitted: inout FittedModel) {
        fitted.solver = r.solver
        fitted.converged = r.converged
        fitted.termination = r.termination.rawValue
        fitted.message = r.message
        fitted.iterations = r.iterations
        fitted.objective = r.value
        fitted.gradientNorm = r.gradientNorm
        fitted.notes += r.notes
    }
}
