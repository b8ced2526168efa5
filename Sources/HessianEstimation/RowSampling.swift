import HessianLinearAlgebra
import HessianInference
import HessianData

/// What each data row stands for in a fit: its frequency weight sᵢ (`--weights`: row i counts
/// as sᵢ identical rows, as statsmodels' `freq_weights`) and its cluster (`--cluster`).
///
/// Rows with sᵢ = 0 are dropped before the fit — replicating a row zero times — so the models
/// see only positive weights and every statistic is that of the replicated data.
struct RowSampling {
    /// The data rows kept (sᵢ > 0), in order; nil when every row is kept.
    let kept: [Int]?
    /// sᵢ over the kept rows; nil for unit weights.
    let weights: [Double]?
    /// The cluster of each kept row (clusters with no kept row are not counted).
    let clusters: ClusterAssignment?
    /// N = Σ sᵢ over the kept rows (the row count without weights).
    let observations: Double
    /// The weight and cluster columns, excluded from the default features.
    let columns: [Int]

    /// Reads and checks the `--weights` and `--cluster` columns of `table` (before its feature
    /// columns are taken), and the covariance options that go with them.
    init(_ table: borrowing Table, _ spec: FitSpecification, target: Int?) throws {
        let file = table.source
        if spec.model == .logdet && (spec.weights != nil || spec.cluster != nil || spec.covariance.isSandwich) {
            throw SpecificationError.samplingForLogdet
        }
        if spec.covariance == .cluster && spec.cluster == nil {
            throw SpecificationError.clusterCovarianceWithoutColumn
        }
        if spec.cluster != nil && spec.covariance != .cluster {
            throw SpecificationError.clusterColumnWithCovariance(spec.covariance)
        }
        if spec.covariance.needsLeverages && spec.model != .leastSquares {
            throw SpecificationError.leverageCovariance(spec.covariance)
        }
        var columns: [Int] = []
        var weights: [Double]? = nil
        var kept: [Int]? = nil
        if let w = try RowSampling.weightColumn(table, spec, target: target) {
            columns.append(w.column)
            (kept, weights) = (w.kept, w.weights)
            if kept?.isEmpty == true {
                throw EstimationError.model(file: file, message: "column \"\(spec.weights!)\": every frequency weight is 0; at least one row needs a positive weight")
            }
        }
        var clusters: ClusterAssignment? = nil
        if let name = spec.cluster {
            let j = try table.columnIndex(name)
            if j == target { throw EstimationError.invalidOption("\(file): column \"\(name)\" is the target and cannot also be the cluster column") }
            if !columns.contains(j) { columns.append(j) }
            let (labels, codes) = try table.categories(j)
            let assignment = ClusterAssignment(labels: kept.map { $0.map { codes[$0] } } ?? codes)
            guard assignment.count >= 2 else {
                let only = labels.count == 1 ? " (\"\(labels[0])\")" : " among the rows with positive weight"
                throw EstimationError.model(file: file, message: "column \"\(name)\" has a single cluster\(only); a cluster-robust covariance needs at least 2")
            }
            clusters = assignment
        }
        self.kept = kept
        self.weights = weights
        self.clusters = clusters
        self.observations = weights.map { $0.reduce(0, +) } ?? Double(kept?.count ?? table.rowCount)
        self.columns = columns
    }

    /// The `--weights` column (nil without one), checked: not the target, every weight a finite
    /// number ≥ 0 (else an error naming the row); the rows with sᵢ > 0 (nil when all are) and their sᵢ.
    static func weightColumn(_ table: borrowing Table, _ spec: FitSpecification, target: Int?) throws
        -> (column: Int, kept: [Int]?, weights: [Double])? {
        guard let name = spec.weights else { return nil }
        let j = try table.columnIndex(name)
        if j == target { throw EstimationError.invalidOption("\(table.source): column \"\(name)\" is the target and cannot also be the weights") }
        let s = try table.numbers(j)
        for (i, v) in s.enumerated() where v < 0 {
            throw EstimationError.model(file: table.source, message: "row \(table.lines[i]), column \"\(name)\": frequency weight \(v) is negative; weights must be finite and ≥ 0")
        }
        if !s.reduce(0, +).isFinite { throw ValueRangeError.weightTotalOverflow(file: table.source, column: name) }
        guard s.contains(0) else { return (j, nil, s) }
        let kept = s.indices.filter { s[$0] > 0 }
        return (j, kept, kept.map { s[$0] })
    }

    /// The kept rows of X.
    func select(_ x: Matrix) -> Matrix {
        guard let kept else { return x }
        var out = Matrix(rows: kept.count, columns: x.columns)
        for j in 0..<x.columns { for (r, i) in kept.enumerated() { out[r, j] = x[i, j] } }
        return out
    }

    /// The kept rows of a table. Its problem cells are kept as they are: every cell must be valid,
    /// also in a row of weight 0, and the error names the file line either way.
    func select(_ t: Table) -> Table {
        guard let kept else { return t }
        let text = t.text.map { column in column.map { cells in kept.map { cells[$0] } } }
        return Table(source: t.source, names: t.names, values: select(t.values), text: text,
                     problems: t.problems, lines: kept.map { t.lines[$0] })
    }

    /// The file line of kept row r.
    func line(ofKeptRow r: Int, in lines: [Int32]) -> Int { Int(lines[kept?[r] ?? r]) }
}
