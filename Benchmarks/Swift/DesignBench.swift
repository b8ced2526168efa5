import Foundation
import Hessian

// MARK: - Formula designs

/// Writes the `design` benchmark's table: `rows` rows, two text categoricals of 50 levels
/// (`shop` = s00…s49, `brand` = b00…b49), four numeric columns and a target, from a fixed seed.
func writeDesignTable(rows: Int, to path: String) throws {
    var state: UInt64 = 0x9E3779B97F4A7C15
    func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }
    var text = "shop,brand,x1,x2,x3,x4,y\n"
    text.reserveCapacity(rows * 48)
    for _ in 0..<rows {
        let s = Int(next() % 50), b = Int(next() % 50)
        let x = (0..<4).map { _ in Double(next() % 2_000_000) / 1e6 - 1 }
        text += "s\(s < 10 ? "0" : "")\(s),b\(b < 10 ? "0" : "")\(b),\(x[0]),\(x[1]),\(x[2]),\(x[3]),\(x[0] + 0.5 * x[1] + Double(s % 7) * 0.1)\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// `design`: time to read the CSV vs time to build the formula's design from the table (plan:
/// kinds and levels; build: the one pass into the column-major matrix), medians of `repeats`.
func designRecord(path: String, formula: String, repeats: Int) throws -> Record {
    let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? .nan
    let (readTimes, table) = try timedRuns(repeats) { try CSVReader().read(file: path) }
    let (planTimes, plan) = try timedRuns(repeats) { try DesignPlan(formula: formula, table: table) }
    var columns = 0
    let (buildTimes, _) = try timedRuns(repeats) { () throws -> Int in
        let (x, _) = try plan.build(table)
        columns = x.columns
        return columns
    }
    // The floor under build: allocating and zeroing the N × p output alone.
    let (zeroTimes, _) = timedRuns(repeats) { [Double](repeating: 0, count: table.rowCount * columns).count }
    var r = Record("design_build")
    r["side"] = "hessian"
    r["formula"] = .string(formula)
    r["bytes"] = .number(bytes)
    r["rows"] = .integer(table.rowCount)
    r["design_columns"] = .integer(columns)
    r["read_median"] = .number(median(readTimes))
    r["plan_median"] = .number(median(planTimes))
    r["build_median"] = .number(median(buildTimes))
    r["zeroed_output_median"] = .number(median(zeroTimes))
    r["design_over_read"] = .number((median(planTimes) + median(buildTimes)) / median(readTimes))
    r["peak_rss_mb"] = .number(peakRSSMiB())
    return r
}
