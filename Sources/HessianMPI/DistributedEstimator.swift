import Foundation
import Hessian

/// Fits of one CSV file split across the ranks of a communicator: rank r reads its byte range
/// (``CSVShard``) and prepares its rows as a streamed fit prepares a chunk (the same design
/// builder: formula — its levels agreed in two exchanges —, --missing drop, weights, offsets);
/// the global statistics (rows, labels, column moments for --standardize and the internal
/// scaling, the sums a count model starts from) come from one collective each, and the solver
/// runs on a ``/HessianPartitioned/PartitionedObjective`` over ``RankShards`` on every rank in lockstep. --summary
/// reuses the streamed fit's summary on the rank's rows with rank-ordered sums. Every rank
/// returns the same model; the caller prints it on rank 0 only.
///
/// Robust covariances: HC0/HC1 and cluster-robust from the meat summed over the ranks (cluster
/// score sums merged by cluster key, `ClusterSums`). Not yet: HC2/HC3, --standardize with
/// --weights, and the separation check (a linear program over all rows: a classifier whose Hessian
/// ends numerically singular is reported as not converged instead, `SeparationGuard`). The
/// collinearity check runs on the Gram of [1 | X] summed over the ranks.
public enum DistributedEstimator {
    public static func fit(file: String, _ spec: FitSpecification, reader: CSVReader, agreement: Agreement,
                           threads: Int = 1, trace: Estimator.Trace? = nil,
                           progress: (@Sendable (StreamProgress) -> Void)? = nil) throws -> FittedModel {
        let start = Date()
        let comm = agreement.communicator
        try agreement.agree { try checkSupported(spec) }
        var reader = reader
        if spec.formula != nil {
            // As a streamed fit: cells of columns a factor may read as categorical are kept as written.
            reader.textColumns.formUnion(try agreement.agree {
                try StreamedDesignPlan.categoricalCandidates(spec, names: try CSVChunks(path: file, reader: reader, chunkRows: 1).names)
            })
        }
        let table = try CSVShard.read(file: file, reader: reader, agreement: agreement)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.intValue ?? 0
        var plan: DesignPlan? = nil
        if spec.formula != nil {
            let (scan, local) = try agreement.agree { () throws -> (FormulaLevelScan, Table) in
                let scan = try FormulaLevelScan(spec, names: table.names)
                return (scan, try scan.applyingPolicy(table))
            }
            let flags = comm.sum(scan.textFlags(local))
            // As one process: a bare column categorical only through a few text cells is refused.
            let tallies = comm.allGather(bytes: scan.strayTallies(local, categorical: flags))
            try agreement.agree { try scan.checkStrayText(tallies, categorical: flags, source: file) }
            let parts = comm.allGather(bytes: scan.levels(local, categorical: flags))
            plan = try agreement.agree { try scan.plan(parts, categorical: flags, source: file) }
        }
        var local = try agreement.agree { try StreamedRows(spec: spec, plan: plan).prepare(table) }
        let prepared = local.spec
        let classifier = spec.model == .logistic || spec.model == .multinomial
        var classes: [String]? = nil
        if classifier {
            let mine = try agreement.agree { try local.labels.categories(0) }
            let global = try GlobalStatistics.classes(local: mine, textual: local.labels.problems[0] != nil, comm, reader: reader)
            classes = global.classes
            local.rows.targets = global.codes.map(Double.init)
        }
        let globals = RankTotals(local, names: table.names, comm)
        progress?(StreamProgress(pass: 0, rows: globals.rows, bytes: bytes))
        let rows = globals.kept

        var xs = local.rows.x
        var means: [Double]? = nil, stds: [Double]? = nil, notes: [String] = []
        if spec.standardize {
            let (mean, std) = GlobalStatistics.moments(xs, rows: rows, comm)
            let z = Standardization(columnMoments: Array(zip(mean, std)).map { (mean: $0.0, std: $0.1) })
            z.apply(to: &xs)
            (means, stds) = (z.means, z.stds)
            for j in z.constantColumns { notes.append("column \"\(local.featureNames[j])\" is constant; left unscaled by --standardize") }
        }
        local.rows.x = xs
        // Least squares fits ỹ = y/u (FitUnits); coefficients and standard errors scale back by u.
        let targetUnit = spec.model == .leastSquares ? globals.units(.leastSquares, columns: []).target : 1
        if targetUnit != 1 { local.rows.targets = local.rows.targets.map { $0 / targetUnit } }
        let (mean, std) = GlobalStatistics.moments(xs, rows: rows, comm)
        let intercept = prepared.intercept
        var fitted = FittedModel(model: spec.model, l2: spec.l2, intercept: intercept, standardize: spec.standardize,
                                 features: (intercept ? ["intercept"] : []) + local.featureNames, target: local.targetName,
                                 classes: classes, means: means, stds: stds, rows: globals.rows, notes: notes)
        globals.record(spec, plan: plan, into: &fitted)

        // The rank's shard model, checked on its rows in one agreed step before the solver starts,
        // so that a rank failing to build never leaves the others inside an exchange. Each rank's
        // sums are unpenalized; PartitionedObjective adds the penalty once.
        let m = classes?.count ?? 0
        let scaling = ShardScaling(means: mean, standardDeviations: std, intercept: intercept)
        let kind: ShardModel
        switch spec.model {
        case .leastSquares: kind = .leastSquares
        case .logistic: kind = .logistic
        case .poisson: kind = .poisson
        case .negativeBinomial: kind = .negativeBinomial
        default: kind = .multinomial(classes: m, parametrization: spec.l2 == 0 ? .referenceClass : .allClasses)
        }
        let chunk = local.rows
        let p = local.featureNames.count + (intercept ? 1 : 0)
        let dimension = kind.dimension(parametersPerOutput: p)
        // The Gram of [1 | X] over all ranks (unpenalized fits), for the in-memory collinearity rule.
        var gram: Matrix? = nil
        let gramUnits = Design.columnUnits(mean: mean, std: std, standardized: false)
        if spec.l2 == 0 {
            Collinearity.accumulateGram(local.rows.x, intercept: intercept, units: gramUnits, into: &gram)
            let local = gram?.storage ?? [Double](repeating: 0, count: p * p)
            gram = Matrix(rows: p, columns: p, storage: comm.sumInRankOrder(local))
        }
        try agreement.agree {
            if let g = gram, let group = Collinearity.dependentColumns(gram: g, intercept: intercept) {
                throw Estimator.collinear(group, gram: g, fitted: fitted, file: file)
            }
            if spec.model == .logistic, m != 2 {
                throw EstimationError.wrongClassCount(file: file, column: local.targetName, model: .logistic, classes: classes!)
            }
            if spec.model == .multinomial, m < 2 {
                throw EstimationError.wrongClassCount(file: file, column: local.targetName, model: .multinomial, classes: classes!)
            }
            if spec.weights != nil && !(globals.observations > 0) {
                throw EstimationError.model(file: file, message: "column \"\(spec.weights!)\": every frequency weight is 0; at least one row needs a positive weight")
            }
            if kind == .poisson || kind == .negativeBinomial, !(globals.countTotal > 0) {
                throw EstimationError.model(file: file, message: "every count in column \"\(local.targetName)\" is zero: the log-linear model has no finite estimate")
            }
            if spec.l2 == 0 && rows < p { throw EstimationError.tooFewRows(file: file, rows: rows, parameters: p) }
            do {
                if chunk.x.rows > 0 {
                    _ = try kind.partial(chunk.x, targets: chunk.targets, weights: chunk.weights, offset: chunk.offset, intercept: intercept,
                                         scaling: scaling, at: [Double](repeating: 0, count: dimension), hessian: false)
                }
            } catch let e as ModelError {
                throw EstimationError.model(file: file, message: e.description)
            }
        }
        func shards(_ kind: ShardModel) -> ReportingShards<RankShards> {
            ReportingShards(rankShards(kind), rows: globals.kept, bytes: bytes, progress: progress ?? { _ in })
        }
        func rankShards(_ kind: ShardModel) -> RankShards {
            RankShards(dimension: kind.dimension(parametersPerOutput: p), communicator: comm) { w, h in
                guard chunk.x.rows > 0 else { return Evaluation(value: 0, gradient: [Double](repeating: 0, count: w.count),
                                                                hessian: h ? Matrix(rows: w.count, columns: w.count) : nil) }
                return (try? kind.partial(chunk.x, targets: chunk.targets, weights: chunk.weights, offset: chunk.offset, intercept: intercept,
                                          scaling: scaling, at: w, hessian: h))
                    ?? Evaluation(value: .infinity, gradient: [Double](repeating: .nan, count: w.count))
            }
        }
        let localRows = LocalRows(intercept: intercept, scaling: scaling, passNote: nil, total: { comm.sumInRankOrder($0) }) { body in
            if chunk.x.rows > 0 { try body(chunk) }
        }
        let strengths = kind.penaltyStrengths(spec.l2, scaling: scaling, intercept: intercept)
        let units = globals.units(kind, columns: (intercept ? [1] : []) + scaling.units)
        try agreement.agree {
            var r: OptimizationResult
            var poisson: CountStart? = nil
            // The model whose estimate is reported: NB's at α = 0 is the Poisson fit (DispersionBoundary).
            var reported = kind
            var atSolution: Evaluation? = nil
            if kind == .leastSquares {
                // Quadratic: one exchange of f(0), ∇f(0) and H, then no data.
                let f = PartitionedObjective(source: try QuadraticShards(shards(kind)), penaltyStrengths: strengths)
                r = try solve(f, from: [Double](repeating: 0, count: dimension), in: units.scale(kind), spec, threads, trace)
                if spec.summary { atSolution = f.evaluate(at: r.solution, hessian: true) }
            } else {
                var x0 = [Double](repeating: 0, count: dimension)
                // As in memory: count models start at the intercept-only MLE b = log(Σ sᵢyᵢ / Σ sᵢe^{oᵢ}).
                if (kind == .poisson || kind == .negativeBinomial) && intercept { x0[0] = log(globals.countTotal / globals.exposureTotal) }
                if kind == .negativeBinomial {
                    poisson = try StreamedEstimator.countStart(shards(.poisson), rows: localRows, strengths: Array(strengths.dropLast()),
                                                               from: Array(x0.dropLast()), units: units, threads: threads)
                    x0 = poisson!.solution + [log(poisson!.alpha)]
                }
                let f = PartitionedObjective(source: shards(kind), penaltyStrengths: strengths)
                r = try solve(f, from: x0, in: units.scale(kind, alpha: poisson?.alpha ?? 0), spec, threads, trace)
                if let start = poisson, spec.l2 == 0,
                   start.boundary.applies(converged: r.converged, alpha: exp(r.solution[p]),
                                          meanCount: globals.countTotal / globals.observations) {
                    (r, reported) = (start.result, .poisson)
                    fitted.notes.append(start.boundary.note)
                    fitted.alpha = 0
                    if spec.summary {
                        atSolution = PartitionedObjective(source: shards(.poisson), penaltyStrengths: Array(strengths.dropLast()))
                            .evaluate(at: r.solution, hessian: true)
                    }
                } else if spec.summary || (classifier && spec.l2 == 0) {
                    atSolution = f.evaluate(at: r.solution, hessian: true)
                }
            }
            Estimator.record(r, into: &fitted)
            if kind == .leastSquares { fitted.objective = r.value * targetUnit * targetUnit }
            if classifier && spec.l2 == 0 && r.converged {
                let raw = gram.map { Collinearity.unscaledGram($0, intercept: intercept, units: gramUnits) }
                SeparationGuard.check(atSolution?.hessian, gram: raw, scaling: scaling, intercept: intercept, into: &fitted)
            }
            let shell = try Design(Matrix(rows: 0, columns: p - (intercept ? 1 : 0)), intercept: intercept, weights: nil, scaling: scaling)
            let external = try StreamedEstimator.externalCoefficients(r.solution, model: reported, shell: shell, spec: prepared,
                                                                      targetUnit: targetUnit, into: &fitted)
            if spec.summary, let e = atSolution {
                let robust = prepared.covariance.isSandwich
                    ? StreamedRobustCovariance(prepared.covariance, model: reported, mergeClusters: { ClusterSums.merge($0, comm) }) : nil
                try StreamedEstimator.summarize(spec: prepared, model: reported, source: localRows, shell: shell, solution: r.solution,
                                                hessian: e.hessian!, loss: e.value - ridgePenalty(strengths, r.solution),
                                                targetUnit: targetUnit, external: external,
                                                observations: globals.observations, poisson: poisson,
                                                robust: robust.map { robust in
                                                    { try robust.covariance(localRows, at: r.solution, bread: $0, observations: globals.observations) }
                                                }, into: &fitted)
                if let robust { (fitted.clusterColumn, fitted.clusters) = (spec.cluster, robust.clusters) }
            }
        }
        try fitted.checkRepresentable(file: file)
        fitted.elapsed = Date().timeIntervalSince(start)
        return fitted
    }

    static func solve<F: Objective>(_ f: F, from x0: [Double], in scale: ObjectiveScale, _ spec: FitSpecification, _ threads: Int,
                                    _ trace: Estimator.Trace?) throws -> OptimizationResult {
        var stopping = StoppingCriteria()
        if let t = spec.tolerance { stopping.gradientTolerance = t }
        if let m = spec.maxIterations { stopping.maxIterations = m }
        let kind = spec.solver ?? SolverKind.default(for: spec.model, parameters: f.dimension)
        let solver = kind.make(stopping: stopping)
        return try Estimator.minimize(f, from: x0, in: scale, using: solver, threads: threads, trace: trace)
    }

    static func checkSupported(_ spec: FitSpecification) throws {
        guard [.leastSquares, .logistic, .multinomial, .poisson, .negativeBinomial].contains(spec.model) else {
            throw EstimationError.invalidOption("fit-mpi fits least-squares, logistic, multinomial, poisson and negative-binomial models, not \(spec.model.rawValue)")
        }
        if spec.covariance == .cluster && spec.cluster == nil { throw SpecificationError.clusterCovarianceWithoutColumn }
        if spec.cluster != nil && spec.covariance != .cluster { throw SpecificationError.clusterColumnWithCovariance(spec.covariance) }
        if spec.covariance.needsLeverages {
            throw EstimationError.invalidOption("fit-mpi does not support --covariance \(spec.covariance.label) yet (it needs every row's leverage)")
        }
        if spec.standardize && spec.weights != nil {
            throw EstimationError.invalidOption("fit-mpi does not support --standardize with --weights yet")
        }
    }
}
