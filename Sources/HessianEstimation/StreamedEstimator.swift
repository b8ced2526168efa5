import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned

/// Options of a streamed fit.
public struct StreamOptions: Sendable {
    /// Rows per chunk (memory ≈ chunk rows × columns × 8 bytes × a small factor, plus p² for the Hessian).
    public var chunkRows: Int
    /// Called after every chunk of every pass (e.g. to draw a progress line).
    public var progress: (@Sendable (StreamProgress) -> Void)?
    /// Keep a binary copy of the parsed chunks (an unlinked temporary file, ≈ 8 bytes per cell) for
    /// the passes after the first, so that they read doubles instead of parsing the CSV again.
    public var spill: Bool

    /// Options with the defaults of `fit --stream`.
    /// - Parameters:
    ///   - chunkRows: rows per chunk, ≥ 1 (default 16 384: ≈ 13 MB of doubles at 100 columns).
    ///   - spill: keep a binary copy of the parsed chunks for the later passes (default true).
    ///   - progress: called after every chunk, or nil.
    public init(chunkRows: Int = 16_384, spill: Bool = true, progress: (@Sendable (StreamProgress) -> Void)? = nil) {
        self.chunkRows = chunkRows
        self.spill = spill
        self.progress = progress
    }
}

/// Fits a model to a CSV file without holding it in memory: one statistics pass (row count, column
/// means and standard deviations for the internal scaling, class labels, every cell checked), then the
/// solver runs on a ``/HessianPartitioned/PartitionedObjective`` whose evaluations each re-read the file in chunks
/// (least squares: one pass gathers the normal equations, ``/HessianPartitioned/QuadraticShards``). The coefficients are
/// those of ``Estimator/fit(_:_:trace:)`` on the same file up to rounding (the same internal problem,
/// summed in another order). The passes are reported in the model's notes.
///
/// Supported: least squares, logistic, multinomial, Poisson, with --target/--features, --l2,
/// --no-intercept, the solver options and --summary with the nonrobust covariance (not for Poisson). Other options throw ``EstimationError/invalidOption(_:)``.
public enum StreamedEstimator {
    /// Fits `spec`'s model to the CSV file at `path` in chunks of `options.chunkRows` rows.
    /// - Parameters:
    ///   - path: the CSV file (read once per evaluation pass, or once in all for least squares).
    ///   - reader: the CSV settings (delimiter, header, text columns).
    ///   - spec: the model and fit options, as for ``Estimator/fit(_:_:trace:)``.
    ///   - options: chunk size, spill and progress callback.
    ///   - trace: called after every solver iteration, or nil.
    /// - Returns: the fitted model, whose notes include the number of passes over the file.
    /// - Throws: ``/HessianData/DataError`` for an unreadable file or a bad cell (naming its line and column),
    ///   ``EstimationError`` for an unsupported option or a model that cannot be estimated.
    public static func fit(file path: String, reader: CSVReader, _ spec: FitSpecification, options: StreamOptions = StreamOptions(),
                           trace: Estimator.Trace? = nil) throws -> FittedModel {
        let start = Date()
        try checkSupported(spec)
        guard options.chunkRows > 0 else { throw EstimationError.invalidOption("--chunk-rows must be ≥ 1, got \(options.chunkRows)") }
        let chunks = try CSVChunks(path: path, reader: reader, chunkRows: options.chunkRows)
        let file = chunks.source, names = chunks.names
        func index(_ name: String) throws -> Int {
            guard let j = names.firstIndex(of: name) else { throw DataError.unknownColumn(file: file, name: name, available: names) }
            return j
        }
        let target = try spec.target.map(index) ?? (names.count - 1)
        let features: [Int]
        if let list = spec.features {
            features = try list.map(index)
            if features.contains(target) {
                throw EstimationError.invalidOption("\(file): column \"\(names[target])\" is the target and cannot also be a feature")
            }
        } else {
            features = (0..<names.count).filter { $0 != target }
        }
        if features.isEmpty && !spec.intercept { throw EstimationError.invalidOption("\(file): no feature columns to fit") }
        let classifier = spec.model == .logistic || spec.model == .multinomial

        // Pass 0: statistics, labels and every used cell checked (so later passes cannot fail on data).
        var statistics = ColumnStatistics(columns: features.count)
        var labels = StreamedLabels()
        // The spill pays off only when the solver makes several passes (not least squares).
        let spill = options.spill && spec.model != .leastSquares ? try ChunkSpill(columns: features.count, file: file) : nil
        try chunks.forEachChunk(progress: { bytes in options.progress?(StreamProgress(pass: 0, rows: statistics.count, bytes: bytes)) }) { t in
            let x = try t.matrix(features)
            statistics.merge(ColumnStatistics(x))
            let y = classifier ? try labels.add(t, target) : try t.numbers(target)
            try spill?.append(x: x, y: y, file: file)
        }
        guard statistics.count > 0 else { throw DataError.noDataRows(file: file) }
        labels.finish()

        let model: ShardModel
        var classes: [String]? = nil
        switch spec.model {
        case .leastSquares: model = .leastSquares
        case .poisson: model = .poisson
        case .logistic:
            guard labels.classes.count == 2 else {
                throw EstimationError.wrongClassCount(file: file, column: names[target], model: .logistic, classes: labels.classes)
            }
            model = .logistic
            classes = labels.classes
        case .multinomial:
            guard labels.classes.count >= 2 else {
                throw EstimationError.wrongClassCount(file: file, column: names[target], model: .multinomial, classes: labels.classes)
            }
            model = .multinomial(classes: labels.classes.count, parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
            classes = labels.classes
        default: throw EstimationError.invalidOption("--stream fits least-squares, logistic, multinomial and poisson models")
        }
        let p = features.count + (spec.intercept ? 1 : 0)
        if spec.l2 == 0 && statistics.count < p { throw EstimationError.tooFewRows(file: file, rows: statistics.count, parameters: p) }
        let scaling = ShardScaling(statistics, intercept: spec.intercept)
        let source = FileShards(chunks: chunks, model: model, intercept: spec.intercept, scaling: scaling, features: features,
                                target: target, labels: classifier ? labels : nil, progress: options.progress, spill: spill)
        let strengths = model.penaltyStrengths(spec.l2, scaling: scaling, intercept: spec.intercept)

        var fitted = FittedModel(model: spec.model, l2: spec.l2, intercept: spec.intercept, standardize: false,
                                 features: (spec.intercept ? ["intercept"] : []) + features.map { names[$0] },
                                 target: names[target], classes: classes, means: nil, stds: nil,
                                 rows: statistics.count, notes: [])

        let solution: [Double]
        let passes: Int
        var atSolution: (hessian: Matrix, loss: Double)? = nil
        do {
            if model == .leastSquares {
                let quadratic = try QuadraticShards(source)
                let f = PartitionedObjective(source: quadratic, penaltyStrengths: strengths)
                let r = try Estimator.solve(f, from: [Double](repeating: 0, count: f.dimension), spec: spec, trace: trace)
                Estimator.record(r, into: &fitted)
                solution = r.solution
                if spec.summary {
                    let e = f.evaluate(at: solution, hessian: true)
                    atSolution = (e.hessian!, e.value - ridgePenalty(strengths, solution))
                }
            } else {
                let f = PartitionedObjective(source: source, penaltyStrengths: strengths)
                let r = try Estimator.solve(f, from: [Double](repeating: 0, count: f.dimension), spec: spec, trace: trace)
                if let e = f.failure { throw e }
                Estimator.record(r, into: &fitted)
                solution = r.solution
                if spec.summary {
                    // The last pass was at the solution: no further pass.
                    let e = f.evaluate(at: solution, hessian: true)
                    if let e = f.failure { throw e }
                    atSolution = (e.hessian!, e.value - ridgePenalty(strengths, solution))
                }
            }
            passes = source.passes
        } catch let e as ModelError {
            throw EstimationError.model(file: file, message: e.description)
        }
        var external: [[Double]]
        let shell = try Design(Matrix(rows: 0, columns: features.count), intercept: spec.intercept, weights: nil, scaling: scaling)
        switch model {
        case .multinomial(let m, let par):
            let mm = try Multinomial(design: shell, labels: [], classes: m, l2: spec.l2, parametrization: par)
            var w = mm.coefficientMatrix(mm.externalCoefficients(solution))
            if par == .allClasses && spec.intercept {
                // As in Estimator: the intercepts are determined up to a common shift; report Σₖ bₖ = 0.
                var mean = 0.0
                for k in 0..<m { mean += w[k, 0] }
                mean /= Double(m)
                for k in 0..<m { w[k, 0] -= mean }
            }
            external = (0..<m).map { w.row($0) }
            fitted.coefficients = .matrix(external)
        default:
            external = [shell.externalCoefficients(solution)]
            fitted.coefficients = .vector(external[0])
        }
        if let atSolution {
            try summarize(spec: spec, model: model, source: source, shell: shell, solution: solution, hessian: atSolution.hessian,
                          loss: atSolution.loss, external: external, into: &fitted)
        }
        fitted.notes.append("streamed in chunks of \(options.chunkRows) rows: \(passes + 1) passes over the file (1 for column statistics and labels, \(passes) for evaluations\(spill != nil ? ", read from a binary copy of the parsed chunks" : ""))")
        fitted.notes.append("streamed fits do not run the collinearity and separation checks of in-memory fits")
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    static func checkSupported(_ spec: FitSpecification) throws {
        var unsupported: [String] = []
        if spec.formula != nil { unsupported.append("--formula") }
        if spec.missing != .strict { unsupported.append("--missing drop") }
        if spec.weights != nil { unsupported.append("--weights") }
        if spec.offset != nil { unsupported.append("--offset") }
        if spec.exposure != nil { unsupported.append("--exposure") }
        if spec.cluster != nil || spec.covariance != .nonrobust { unsupported.append("--covariance/--cluster") }
        if spec.summary && spec.model == .poisson { unsupported.append("--summary (Poisson)") }
        if spec.standardize { unsupported.append("--standardize") }
        if !unsupported.isEmpty {
            throw EstimationError.invalidOption("streamed fits do not support \(unsupported.joined(separator: ", ")) yet; fit in memory instead")
        }
    }
}
