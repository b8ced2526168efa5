import Foundation
import Hessian

/// Statistics of all ranks' rows combined, each from one collective (sums in rank order).
enum GlobalStatistics {
    /// Column means and population standard deviations of the rows of every rank: μ = Σx/N,
    /// then s = √(Σ(x − μ)²/N) (two passes, as `Standardization` computes them).
    static func moments(_ x: Matrix, rows total: Int, _ comm: any Communicator) -> (mean: [Double], std: [Double]) {
        let n = x.rows, d = x.columns
        // Each column in the unit u = 2^round(log₂ max|x|) over all ranks: no digit changes, and a column
        // of 1e-200 keeps its square.
        var largest = [Double](repeating: 0, count: d)
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d { for i in 0..<n { largest[j] = Swift.max(largest[j], abs(xs[j * n + i])) } }
        }
        let units = comm.allGather(largest).reduce([Double](repeating: 0, count: d)) { zip($0, $1).map { Swift.max($0, $1) } }
            .map(ObjectiveScale.powerOfTwo)
        var sums = [Double](repeating: 0, count: d)
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d {
                let (r1, r2) = ObjectiveScale.reciprocalFactors(units[j])
                var s = 0.0
                for i in 0..<n { s += xs[j * n + i] * r1 * r2 }
                sums[j] = s
            }
        }
        let scaledMean = comm.sumInRankOrder(sums).map { $0 / Double(total) }
        var squares = [Double](repeating: 0, count: d)
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d {
                let m = scaledMean[j], (r1, r2) = ObjectiveScale.reciprocalFactors(units[j])
                var s = 0.0
                for i in 0..<n { let t = xs[j * n + i] * r1 * r2 - m; s += t * t }
                squares[j] = s
            }
        }
        let std = zip(comm.sumInRankOrder(squares), units).map { ($0 / Double(total)).squareRoot() * $1 }
        return (zip(scaledMean, units).map { $0 * $1 }, std)
    }

    /// The classes of every rank's labels, sorted as ``/HessianData/Table/categories(_:)`` sorts one table's,
    /// and this rank's codes in that order. Each rank sends its classes' spellings; every rank
    /// ranks the concatenation (rank order, so a class is written as its first spelling in the
    /// file) with the same reader code a single process uses.
    static func classes(local: (classes: [String], codes: [Int]), textual: Bool, _ comm: any Communicator,
                        reader: CSVReader) throws -> (classes: [String], codes: [Int]) {
        var mine = [UInt8](textual ? [1] : [0])
        for c in local.classes {
            let u = Array(c.utf8)
            withUnsafeBytes(of: Int64(u.count).littleEndian) { mine += $0 }
            mine += u
        }
        let all = comm.allGather(bytes: mine)
        var spellings = [String](), offsets = [Int](), anyText = false
        for bytes in all {
            offsets.append(spellings.count)
            anyText = anyText || bytes[0] == 1
            var i = 1
            while i < bytes.count {
                var length: Int64 = 0
                withUnsafeMutableBytes(of: &length) { $0.copyBytes(from: bytes[i..<(i + 8)]) }
                i += 8
                let l = Int(Int64(littleEndian: length))
                spellings.append(String(decoding: bytes[i..<(i + l)], as: UTF8.self))
                i += l
            }
        }
        // A text-sorted column when any rank saw a label that is not a number: a marker row that
        // no number parses as forces the byte order; it is removed again below.
        let marker = "\u{1}not a number"
        var csv = "label\n"
        for s in spellings + (anyText ? [marker] : []) { csv += "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n" }
        var r = CSVReader(delimiter: UInt8(ascii: ","), hasHeader: true, threads: 1)
        r.textColumns = ["label"]
        let table = try r.parse(csv, source: "<labels>")
        var (classes, codes) = try table.categories(0)
        if anyText, let m = classes.firstIndex(of: marker) {
            classes.remove(at: m)
            codes = codes.dropLast().map { $0 > m ? $0 - 1 : $0 }
        }
        let base = offsets[comm.rank]
        return (classes, local.codes.map { codes[base + $0] })
    }
}
