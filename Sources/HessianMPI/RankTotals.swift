import Hessian

/// The counts and sums of a data-parallel fit's first pass, over all ranks (integers exactly,
/// doubles added in rank order): rows, kept rows, Σ sᵢ, rows dropped per column, and the count
/// models' Σ sᵢyᵢ and Σ sᵢe^{oᵢ}.
struct RankTotals {
    var rows = 0, kept = 0, zeroWeights = 0
    var dropped = 0
    var droppedByColumn: [String: Int] = [:]
    var observations = 0.0, countTotal = 0.0, exposureTotal = 0.0
    /// Σ|yᵢ| over the kept rows (least squares' target unit).
    var targetMagnitude = 0.0

    init(_ local: StreamedRows.Prepared, names: [String], _ comm: any Communicator) {
        let c = local.rows
        let (count, exposure) = local.countSums
        let perColumn = names.map { Int64(local.dropped?.byColumn[$0] ?? 0) }
        let ints = comm.sum([Int64(c.x.rows), Int64(local.zeroWeights), Int64(local.dropped?.total ?? 0)] + perColumn)
        kept = Int(ints[0])
        zeroWeights = Int(ints[1])
        rows = kept + zeroWeights
        dropped = Int(ints[2])
        for (j, name) in names.enumerated() where ints[3 + j] > 0 { droppedByColumn[name] = Int(ints[3 + j]) }
        let magnitude = c.targets.reduce(0) { $0 + abs($1) }
        let sums = comm.sumInRankOrder([local.observations, count, exposure, magnitude])
        (observations, countTotal, exposureTotal, targetMagnitude) = (sums[0], sums[1], sums[2], sums[3])
    }

    /// The units of a fit of `model` whose columns have the units `columns`.
    func units(_ model: ShardModel, columns: [Double]) -> FitUnits {
        FitUnits(model, rows: kept, observations: observations, counts: countTotal, targetMagnitude: targetMagnitude, columns: columns)
    }

    /// The design, rows dropped, weights and offsets in the model, as the in-memory fit records them.
    func record(_ spec: FitSpecification, plan: DesignPlan?, into fitted: inout FittedModel) {
        fitted.design = plan
        if spec.missing == .drop { (fitted.rowsDropped, fitted.rowsDroppedByColumn) = (dropped, droppedByColumn) }
        fitted.weights = spec.weights
        if spec.weights != nil { fitted.observations = observations }
        if zeroWeights > 0 { fitted.notes.append("\(zeroWeights) rows with frequency weight 0 left out") }
        if spec.model == .poisson || spec.model == .negativeBinomial { (fitted.offset, fitted.exposure) = (spec.offset, spec.exposure) }
    }
}
