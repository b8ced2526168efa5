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
/// Supported: least squares, logistic, multinomial, Poisson and negative binomial, with
/// --target/--features or --formula (its levels discovered in one more pass), --missing drop,
/// --weights, --offset/--exposure, --l2, --no-intercept, the solver options and --summary with the
/// nonrobust covariance. Other options throw ``EstimationError/invalidOption(_:)``.
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
        var chunks = try CSVChunks(path: path, reader: reader, chunkRows: options.chunkRows)
        let file = chunks.source
        var plan: DesignPlan? = nil, designPasses = 0
        if spec.formula != nil {
            // Cells of columns a factor may read as categorical are kept as written in every chunk.
            var r = reader
            r.textColumns.formUnion(try StreamedDesignPlan.categoricalCandidates(spec, names: chunks.names))
            chunks = try CSVChunks(path: path, reader: r, chunkRows: options.chunkRows)
            (plan, designPasses) = try StreamedDesignPlan.discover(chunks, spec, progress: { bytes in
                options.progress?(StreamProgress(pass: 0, rows: 0, bytes: bytes))
            })
            // Each chunk's design, and the p × p sums every pass accumulates.
            let p = plan!.columns.count + (plan!.intercept ? 1 : 0)
            try MemoryBudget.require(.design(rows: options.chunkRows, columns: p, factor: plan!.widestFactor), file: chunks.source)
            try MemoryBudget.require(.hessian(parameters: p, factor: plan!.widestFactor), file: chunks.source)
        }
        let classifier = spec.model == .logistic || spec.model == .multinomial

        // Pass 0: statistics, labels and every used cell checked (so later passes cannot fail on data).
        // The spill pays off only when the solver makes several passes (not least squares).
        let rows = StreamedRows(spec: spec, plan: plan)
        let first = try StreamedFirstPass.read(chunks, rows, classifier: classifier,
                                               spill: options.spill && spec.model != .leastSquares, gram: spec.l2 == 0,
                                               progress: options.progress)
        if first.rows == 0 && first.dropped.total > 0 {
            throw DataError.allRowsDropped(file: file, rows: first.dropped.total, byColumn: first.dropped.byColumn)
        }
        guard let statistics = first.statistics, first.rows > 0 else { throw DataError.noDataRows(file: file) }
        if let w = spec.weights, !first.observations.isFinite { throw ValueRangeError.weightTotalOverflow(file: file, column: w) }
        if !first.exposureTotal.isFinite {
            throw ValueRangeError.exposureTotalOverflow(file: file, columns: [spec.offset, spec.exposure].compactMap { $0 })
        }
        if spec.weights != nil && !(first.observations > 0) {
            throw EstimationError.model(file: file, message: "column \"\(spec.weights!)\": every frequency weight is 0; at least one row needs a positive weight")
        }
        let labels = first.labels
        let prepared = first.prepared!
        let model: ShardModel
        var classes: [String]? = nil
        switch spec.model {
        case .leastSquares: model = .leastSquares
        case .poisson, .negativeBinomial:
            model = spec.model == .poisson ? .poisson : .negativeBinomial
            guard first.countTotal > 0 else {
                throw EstimationError.model(file: file, message: "every count in column \"\(first.targetName)\" is zero: the log-linear model has no finite estimate")
            }
        case .logistic:
            guard labels.classes.count == 2 else {
                throw EstimationError.wrongClassCount(file: file, column: first.targetName, model: .logistic, classes: labels.classes)
            }
            model = .logistic
            classes = labels.classes
        case .multinomial:
            guard labels.classes.count >= 2 else {
                throw EstimationError.wrongClassCount(file: file, column: first.targetName, model: .multinomial, classes: labels.classes)
            }
            model = .multinomial(classes: labels.classes.count, parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
            classes = labels.classes
        default: throw EstimationError.invalidOption("--stream fits least-squares, logistic, multinomial, poisson and negative-binomial models")
        }
        let d = first.featureNames.count, p = d + (prepared.intercept ? 1 : 0)
        if let classes {
            try MemoryBudget.require(.classProbabilities(rows: min(options.chunkRows, first.rows), classes: classes.count,
                                                         column: first.targetName), file: file)
            try MemoryBudget.require(.hessian(parameters: classes.count * p,
                                              factor: .init(column: first.targetName, levels: classes.count)), file: file)
        }
        let kept = first.rows - first.zeroWeights
        if spec.l2 == 0 && kept < p { throw EstimationError.tooFewRows(file: file, rows: kept, parameters: p) }
        // --standardize (unweighted, as the in-memory rule): z-scores from pass 0's moments, applied to
        // every chunk read; the internal scaling is then decided on the z-scored columns' moments.
        let z = spec.standardize
            ? Standardization(columnMoments: zip(statistics.means, statistics.standardDeviations).map { (mean: $0, std: $1) }) : nil
        let scaling = z.map { z in
            ShardScaling(means: statistics.means.indices.map { (statistics.means[$0] - z.means[$0]) / z.stds[$0] },
                         standardDeviations: statistics.standardDeviations.indices.map { statistics.standardDeviations[$0] / z.stds[$0] },
                         intercept: prepared.intercept)
        } ?? ShardScaling(statistics, intercept: prepared.intercept)
        let units = first.units(model, columns: (prepared.intercept ? [1] : []) + scaling.units)
        // Least squares fits ỹ = y/u (FitUnits); coefficients and standard errors scale back by u.
        let targetUnit = model == .leastSquares ? units.target : 1
        func shards(_ model: ShardModel) -> FileShards {
            FileShards(chunks: chunks, model: model, intercept: prepared.intercept, scaling: scaling, features: d,
                       prepare: { t in
                           var c = try rows.prepare(t)
                           if classifier { c.rows.targets = try labels.codes(c.labels, 0) }
                           if targetUnit != 1 { c.rows.targets = c.rows.targets.map { $0 / targetUnit } }
                           return c.rows
                       }, progress: options.progress, spill: first.spill, spellingCodes: classifier ? labels.spellingCodes : nil,
                       adjust: z.map { z in { @Sendable c in z.apply(to: &c.x) } })
        }
        let source = shards(model), poissonSource = shards(.poisson)
        let strengths = model.penaltyStrengths(spec.l2, scaling: scaling, intercept: prepared.intercept)

        var fitted = FittedModel(model: spec.model, l2: spec.l2, intercept: prepared.intercept, standardize: spec.standardize,
                                 features: (prepared.intercept ? ["intercept"] : []) + first.featureNames, target: first.targetName,
                                 classes: classes, means: z?.means, stds: z?.stds, rows: first.rows,
                                 notes: (z?.constantColumns ?? []).map { "column \"\(first.featureNames[$0])\" is constant; left unscaled by standardization" })
        fitted.design = plan
        if spec.missing == .drop { (fitted.rowsDropped, fitted.rowsDroppedByColumn) = (first.dropped.total, first.dropped.byColumn) }
        fitted.weights = spec.weights
        if spec.weights != nil { fitted.observations = first.observations }
        if first.zeroWeights > 0 { fitted.notes.append("\(first.zeroWeights) rows with frequency weight 0 left out") }
        if model == .poisson || model == .negativeBinomial { (fitted.offset, fitted.exposure) = (spec.offset, spec.exposure) }

        // As in memory: an unpenalized fit needs full-rank columns (pivoted QR rule, from the Gram).
        if let g = first.gram, let group = Collinearity.dependentColumns(gram: g, intercept: prepared.intercept) {
            throw Estimator.collinear(group, gram: g, fitted: fitted, file: file)
        }

        let solution: [Double]
        var atSolution: (hessian: Matrix, loss: Double)? = nil
        var poissonStart: CountStart? = nil
        // The model whose estimate is reported: NB's at α = 0 is the Poisson fit (DispersionBoundary).
        var reported = model
        do {
            if model == .leastSquares {
                let quadratic = try QuadraticShards(source)
                let f = PartitionedObjective(source: quadratic, penaltyStrengths: strengths)
                let r = try Estimator.solve(f, from: [Double](repeating: 0, count: f.dimension), in: units.scale(model), spec: spec,
                                            trace: trace)
                Estimator.record(r, into: &fitted)
                fitted.objective = r.value * targetUnit * targetUnit
                solution = r.solution
                if spec.summary {
                    let e = f.evaluate(at: solution, hessian: true)
                    atSolution = (e.hessian!, e.value - ridgePenalty(strengths, solution))
                }
            } else {
                var x0 = [Double](repeating: 0, count: p)
                // As in memory: count models start at the intercept-only MLE b = log(Σ sᵢyᵢ / Σ sᵢe^{oᵢ}).
                if (model == .poisson || model == .negativeBinomial) && prepared.intercept { x0[0] = log(first.countTotal / first.exposureTotal) }
                if model == .negativeBinomial {
                    poissonStart = try countStart(poissonSource, rows: poissonSource.localRows(), strengths: Array(strengths.dropLast()), from: x0,
                                                  units: units)
                    x0 = poissonStart!.solution + [log(poissonStart!.alpha)]
                } else if case .multinomial = model {
                    x0 = [Double](repeating: 0, count: source.dimension)
                }
                let f = PartitionedObjective(source: source, penaltyStrengths: strengths)
                let r = try Estimator.solve(f, from: x0, in: units.scale(model, alpha: poissonStart?.alpha ?? 0), spec: spec, trace: trace)
                if let e = f.failure { throw e }
                if let start = poissonStart, spec.l2 == 0,
                   start.boundary.applies(converged: r.converged, alpha: exp(r.solution[p]), meanCount: first.countTotal / first.observations) {
                    reported = .poisson
                    fitted.notes.append(start.boundary.note)
                    fitted.alpha = 0
                    Estimator.record(start.result, into: &fitted)
                    solution = start.solution
                    if spec.summary {
                        let e = PartitionedObjective(source: poissonSource, penaltyStrengths: Array(strengths.dropLast()))
                            .evaluate(at: solution, hessian: true)
                        atSolution = (e.hessian!, e.value)
                    }
                } else {
                    Estimator.record(r, into: &fitted)
                    solution = r.solution
                    if classifier && spec.l2 == 0 && r.converged {
                        // The last pass was at the solution: no further pass.
                        // The Gram is of the raw columns: with --standardize the internal coordinates compose
                        // both maps, x̂ = ((x − m)/σ − c)/s (representable with an intercept column only).
                        let raw = z.map { z in
                            ShardScaling(center: scaling.center.indices.map { z.means[$0] + z.stds[$0] * scaling.center[$0] },
                                         scale: scaling.scale.indices.map { z.stds[$0] * scaling.scale[$0] }, isStandardized: true)
                        } ?? scaling
                        if z == nil || prepared.intercept {
                            let gram = first.gram.map { Collinearity.unscaledGram($0, intercept: prepared.intercept, units: first.gramUnits) }
                            SeparationGuard.check(f.evaluate(at: solution, hessian: true).hessian, gram: gram, scaling: raw,
                                                  intercept: prepared.intercept, into: &fitted)
                        }
                    }
                    if spec.summary {
                        // The last pass was at the solution: no further pass.
                        let e = f.evaluate(at: solution, hessian: true)
                        if let e = f.failure { throw e }
                        atSolution = (e.hessian!, e.value - ridgePenalty(strengths, solution))
                    }
                }
            }
        } catch let e as ModelError {
            throw EstimationError.model(file: file, message: e.description)
        }
        let shell = try Design(Matrix(rows: 0, columns: d), intercept: prepared.intercept, weights: nil, scaling: scaling)
        let external = try externalCoefficients(solution, model: reported, shell: shell, spec: prepared, targetUnit: targetUnit,
                                                into: &fitted)
        if let atSolution {
            let robust = prepared.covariance.isSandwich ? StreamedRobustCovariance(prepared.covariance, model: reported) : nil
            let robustRows = source.localRows(fromFile: prepared.covariance == .cluster)
            try summarize(spec: prepared, model: reported, source: source.localRows(), shell: shell, solution: solution, hessian: atSolution.hessian,
                          loss: atSolution.loss, targetUnit: targetUnit, external: external, observations: first.observations,
                          poisson: poissonStart,
                          robust: robust.map { r in { try r.covariance(robustRows, at: solution, bread: $0, observations: first.observations) } },
                          into: &fitted)
            if let robust { fitted.clusterColumn = spec.cluster; fitted.clusters = robust.clusters }
        }
        let passes = source.passes + poissonSource.passes + 1 + designPasses
        let extra = (designPasses > 0 ? "\(designPasses) for the design's levels, " : "") + "1 for column statistics and labels"
        fitted.notes.append("streamed in chunks of \(options.chunkRows) rows: \(passes) passes over the file (\(extra), \(source.passes + poissonSource.passes) for evaluations\(first.spill != nil ? ", read from a binary copy of the parsed chunks" : ""))")
        if classifier && spec.l2 == 0 {
            fitted.notes.append("streamed fits do not run the separation check of in-memory fits (a linear program over all rows); a separated fit ends as not converged instead")
        }
        try fitted.checkRepresentable(file: file)
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    /// The solution in user units: a vector, or for multinomial the class rows (with all classes
    /// free and an intercept, the representative with Σₖ bₖ = 0, as in memory); NB's α apart.
    /// `targetUnit`: u when the fit was of ỹ = y/u (least squares), else 1.
    package static func externalCoefficients(_ solution: [Double], model: ShardModel, shell: Design, spec: FitSpecification,
                                             targetUnit: Double = 1, into fitted: inout FittedModel) throws -> [[Double]] {
        switch model {
        case .multinomial(let m, let par):
            let mm = try Multinomial(design: shell, labels: [], classes: m, l2: spec.l2, parametrization: par)
            var w = mm.coefficientMatrix(mm.externalCoefficients(solution))
            if par == .allClasses && spec.intercept { Estimator.centerIntercepts(&w) }
            let external = (0..<m).map { w.row($0) }
            fitted.coefficients = .matrix(external)
            return external
        case .negativeBinomial:
            let p = solution.count - 1
            let w = shell.externalCoefficients(Array(solution[0..<p]))
            fitted.coefficients = .vector(w)
            fitted.alpha = exp(solution[p])
            if fitted.alpha! < 1e-6 {
                fitted.notes.append("α = \(fitted.alpha!) is at the boundary α → 0: the counts show no overdispersion, so the Poisson model describes them as well")
            }
            return [w]
        default:
            let w = shell.externalCoefficients(solution, unit: targetUnit)
            fitted.coefficients = .vector(w)
            return [w]
        }
    }

    static func checkSupported(_ spec: FitSpecification) throws {
        if spec.covariance == .cluster && spec.cluster == nil { throw SpecificationError.clusterCovarianceWithoutColumn }
        if spec.cluster != nil && spec.covariance != .cluster { throw SpecificationError.clusterColumnWithCovariance(spec.covariance) }
        var unsupported: [String] = []
        if spec.covariance.needsLeverages { unsupported.append("--covariance \(spec.covariance.label)") }
        if spec.standardize && spec.weights != nil { unsupported.append("--standardize with --weights") }
        if !unsupported.isEmpty {
            throw EstimationError.invalidOption("streamed fits do not support \(unsupported.joined(separator: ", ")) yet; fit in memory instead")
        }
    }
}
