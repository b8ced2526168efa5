import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// The design plan of a formula fit whose rows are split over processes (MPI ranks), each holding
/// its share as one table: as `StreamedDesignPlan` does for chunks, but in two exchanges the
/// caller makes — first which candidate columns show text on some process, then every process's
/// levels of the categorical ones (bytes, merged in process order) — so no process collects the
/// distinct values of a numeric column.
package struct FormulaLevelScan: Sendable {
    let spec: FitSpecification
    let resolved: ResolvedFormula
    let names: [String]
    /// Columns a factor may read as categorical, and whether `C(…)` forces it.
    let candidates: [(column: Int, forced: Bool)]
    let used: [Int]

    package init(_ spec: FitSpecification, names: [String]) throws {
        let auxiliary = [spec.weights, spec.cluster, spec.offset, spec.exposure].compactMap { $0 }
        resolved = try ResolvedFormula(try Formula(spec.formula!), names: names, intercept: spec.intercept, excluded: Set(auxiliary))
        candidates = resolved.categoricalColumns.compactMap { c in names.firstIndex(of: c.name).map { ($0, c.forced) } }
            .sorted { $0.0 < $1.0 }
        used = (resolved.sourceColumns + auxiliary).compactMap { names.firstIndex(of: $0) }
        self.spec = spec
        self.names = names
    }

    /// The table after the missing-value policy on the columns the fit uses.
    package func applyingPolicy(_ table: Table) throws -> Table { try table.applying(spec.missing, columns: used).0 }

    /// 1 where this process's candidate column shows text (or `C(…)` makes it categorical), else 0.
    package func textFlags(_ t: Table) -> [Int64] {
        candidates.map { $0.forced || t.isTextColumn($0.column) ? 1 : 0 }
    }

    /// This process's ``/HessianData/StrayText`` tallies of the bare (not `C(…)`) candidates that show
    /// text on some process (`flags`), encoded for an exchange: per column its numeric and text cell
    /// counts, then its first text cells (line and text).
    package func strayTallies(_ t: Table, categorical flags: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        for (k, c) in candidates.enumerated() where flags[k] > 0 && !c.forced {
            var tally = StrayText()
            tally.add(t, c.column)
            int(tally.numbers)
            int(tally.texts)
            int(tally.examples.count)
            for e in tally.examples { let u = Array(e.text.utf8); int(e.line); int(u.count); out += u }
        }
        return out
    }

    /// Throws as one process would for a bare column categorical only through a few text cells,
    /// from every process's ``strayTallies(_:categorical:)`` bytes in process (file) order.
    package func checkStrayText(_ parts: [[UInt8]], categorical flags: [Int64], source: String) throws {
        let columns = candidates.enumerated().filter { flags[$0.offset] > 0 && !$0.element.forced }.map { $0.element.column }
        var numbers = [Int](repeating: 0, count: columns.count), texts = numbers
        var examples = [[StrayCell]](repeating: [], count: columns.count)
        for bytes in parts {
            var at = 0
            func int() -> Int {
                let v = bytes[at..<at + 8].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                at += 8
                return Int(Int64(littleEndian: v))
            }
            for k in columns.indices {
                numbers[k] += int()
                texts[k] += int()
                for _ in 0..<int() {
                    let line = int(), count = int()
                    examples[k].append(StrayCell(line: line, text: String(decoding: bytes[at..<at + count], as: UTF8.self)))
                    at += count
                }
            }
        }
        for (k, j) in columns.enumerated() {
            if let e = StrayText(numbers: numbers[k], texts: texts[k], examples: examples[k]).error(file: source, column: names[j]) { throw e }
        }
    }

    /// This process's levels of the candidates categorical anywhere (`flags`: the processes' flags
    /// summed), encoded: per such column its text flag, then its texts and numbers.
    package func levels(_ t: Table, categorical flags: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        for (k, c) in candidates.enumerated() where flags[k] > 0 {
            var l = StreamedDesignPlan.Levels()
            l.add(t, c.column)
            out.append(t.isTextColumn(c.column) ? 1 : 0)
            int(l.texts.count)
            for s in l.texts.sorted() { let u = Array(s.utf8); int(u.count); out += u }
            int(l.numbers.count)
            for v in l.numbers.sorted() { int(Int(bitPattern: UInt(v.bitPattern))) }
        }
        return out
    }

    /// The plan from every process's ``levels(_:categorical:)`` bytes, in process order.
    package func plan(_ parts: [[UInt8]], categorical flags: [Int64], source: String) throws -> DesignPlan {
        var merged: [Int: StreamedDesignPlan.Levels] = [:]
        for bytes in parts {
            var i = 0
            func int() -> Int {
                var v: Int64 = 0
                withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[i..<(i + 8)]) }
                i += 8
                return Int(Int64(littleEndian: v))
            }
            for (k, c) in candidates.enumerated() where flags[k] > 0 {
                var l = merged[c.column] ?? StreamedDesignPlan.Levels()
                l.text = l.text || bytes[i] == 1
                i += 1
                for _ in 0..<int() {
                    let n = int()
                    l.texts.insert(String(decoding: bytes[i..<(i + n)], as: UTF8.self))
                    i += n
                }
                for _ in 0..<int() { l.numbers.insert(Double(bitPattern: UInt64(UInt(bitPattern: int())))) }
                merged[c.column] = l
            }
        }
        // A bare column categorical nowhere reads as numeric; C(…) of a numeric column keeps its numbers.
        for (k, c) in candidates.enumerated() where flags[k] > 0 && !c.forced && merged[c.column]?.text != true {
            merged[c.column] = nil
        }
        return try DesignPlanner.plan(resolved, table: StreamedDesignPlan.levelTable(names: names, levels: merged, source: source))
    }
}
