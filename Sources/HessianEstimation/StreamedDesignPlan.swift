import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// The design plan of a streamed formula fit, fixed before any chunk is built: a chunk holds only
/// some of the levels, and a level first seen in a later chunk would change the columns. One pass
/// over the file (after the missing-value policy, as in memory) collects, per column a factor may
/// read as categorical, whether any cell is text and its distinct levels; the planner then runs on
/// a small table holding exactly those levels, so kinds, levels, reference checks and the patsy
/// codings are those `DesignPlanner` gives for the whole file.
///
/// A bare column (`y ~ g`) is categorical only if some cell is text; its levels are collected from
/// the first chunk that shows text, and when that is not the first chunk one more pass collects
/// the earlier chunks' levels (numeric columns are never collected, so memory stays O(levels)).
package enum StreamedDesignPlan {
    /// Distinct texts (cells as written) and numbers of one column.
    struct Levels {
        var text = false
        var texts = Set<String>()
        var numbers = Set<Double>()

        mutating func add(_ t: Table, _ j: Int) {
            let n = t.rowCount
            if let cells = t.text[j] {
                for r in 0..<n where !t.isMissing(r, j, cells) { texts.insert(cells[r]) }
            }
            for r in 0..<n {
                let v = t.values.storage[j * n + r]
                if !v.isNaN { numbers.insert(v); if t.text[j] == nil { texts.insert(Table.label(v)) } }
            }
        }
    }

    /// The plan, and the passes it took (1, or 2 when a bare column shows text only after its first chunk).
    static func discover(_ chunks: CSVChunks, _ spec: FitSpecification,
                         progress: ((Int) -> Void)?) throws -> (plan: DesignPlan, passes: Int) {
        let auxiliary = [spec.weights, spec.cluster, spec.offset, spec.exposure].compactMap { $0 }
        let resolved = try ResolvedFormula(try Formula(spec.formula!), names: chunks.names, intercept: spec.intercept,
                                           excluded: Set(auxiliary))
        let names = chunks.names
        var always = Set<Int>(), bare = Set<Int>()
        for c in resolved.categoricalColumns {
            guard let j = names.firstIndex(of: c.name) else { continue }
            if c.forced { always.insert(j) } else { bare.insert(j) }
        }
        let used = (resolved.sourceColumns + auxiliary).compactMap { names.firstIndex(of: $0) }
        var levels: [Int: Levels] = [:]
        var tallies: [Int: StrayText] = [:]
        var late = Set<Int>()
        var index = 0
        try chunks.forEachChunk(progress: progress) { raw in
            let (t, _) = try raw.applying(spec.missing, columns: used)
            for j in always { levels[j, default: Levels()].add(t, j) }
            for j in bare { tallies[j, default: StrayText()].add(t, j) }
            for j in bare {
                let text = t.isTextColumn(j)
                if text && levels[j] == nil && index > 0 { late.insert(j) }
                if text || levels[j] != nil { levels[j, default: Levels()].add(t, j) }
                if text { levels[j]!.text = true }
            }
            for j in always where t.isTextColumn(j) { levels[j]!.text = true }
            index += 1
        }
        // As in memory: a bare column categorical only through a few text cells is refused.
        for j in bare.sorted() where levels[j]?.text == true {
            if let e = tallies[j]?.error(file: chunks.source, column: names[j]) { throw e }
        }
        if !late.isEmpty {
            levels = levels.filter { !late.contains($0.key) }
            try chunks.forEachChunk { raw in
                let (t, _) = try raw.applying(spec.missing, columns: used)
                for j in late { levels[j, default: Levels(text: true)].add(t, j) }
            }
        }
        return (try DesignPlanner.plan(resolved, table: levelTable(names: names, levels: levels, source: chunks.source)),
                late.isEmpty ? 1 : 2)
    }

    /// A table whose column j holds column j's levels (text columns: the texts, values NaN;
    /// numeric ones: the numbers), padded with missing cells; other columns are all missing.
    static func levelTable(names: [String], levels: [Int: Levels], source: String) -> Table {
        let rows = max(1, levels.values.map { $0.text ? $0.texts.count : $0.numbers.count }.max() ?? 1)
        var values = [Double](repeating: .nan, count: rows * names.count)
        var text = [[String]?](repeating: nil, count: names.count)
        for (j, l) in levels {
            if l.text {
                text[j] = Array(l.texts) + [String](repeating: "", count: rows - l.texts.count)
            } else {
                for (r, v) in l.numbers.sorted().enumerated() { values[j * rows + r] = v }
            }
        }
        return Table(source: source, names: names, values: Matrix(rows: rows, columns: names.count, storage: values), text: text,
                     problems: [Table.CellProblem?](repeating: nil, count: names.count), lines: (1...rows).map { Int32($0) })
    }
}

extension StreamedDesignPlan {
    /// The columns a factor of the formula may read as categorical (bare columns and `C(…)`).
    package static func categoricalCandidates(_ spec: FitSpecification, names: [String]) throws -> Set<String> {
        let auxiliary = [spec.weights, spec.cluster, spec.offset, spec.exposure].compactMap { $0 }
        let resolved = try ResolvedFormula(try Formula(spec.formula!), names: names, intercept: spec.intercept, excluded: Set(auxiliary))
        let out = Set(resolved.categoricalColumns.map(\.name))
        return out
    }
}
