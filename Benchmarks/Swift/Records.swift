import Foundation

/// The benchmark's output: one JSON object per line on standard output, the format the
/// Python driver (Benchmarks/python/bench.py) merges with the peers' lines. Non-finite
/// numbers are written as NaN / Infinity, which Python's json module reads.
struct Record {
    private var fields: [(String, JSONValue)] = []

    init(_ kind: String) { fields.append(("kind", .string(kind))) }

    subscript(key: String) -> JSONValue? {
        get { fields.first { $0.0 == key }?.1 }
        set {
            fields.removeAll { $0.0 == key }
            if let v = newValue { fields.append((key, v)) }
        }
    }

    var line: String { JSONValue.object(fields).encoded }

    func emit() { writeLine(line) }
}

indirect enum JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral {
    case string(String), number(Double), integer(Int), bool(Bool), array([JSONValue]), object([(String, JSONValue)]), null

    init(stringLiteral s: String) { self = .string(s) }
    init(floatLiteral d: Double) { self = .number(d) }
    init(integerLiteral i: Int) { self = .integer(i) }
    init(booleanLiteral b: Bool) { self = .bool(b) }

    static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }

    var encoded: String {
        switch self {
        case .string(let s): return Self.quote(s)
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .number(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return "\(d)"
        case .array(let a): return "[" + a.map(\.encoded).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { Self.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
        }
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// Writes one line to standard output, unbuffered (so lines of several writers never interleave).
func writeLine(_ s: String) {
    FileHandle.standardOutput.write(Data((s + "\n").utf8))
}

/// ru_maxrss of this process in MiB (Linux reports kilobytes).
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Wall-clock seconds.
@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

/// Runs `body` `repeats` times — 7 when one run takes under a second, 3 when one run alone
/// would make the total exceed `budget` seconds (the rule of `timed_runs` in common.py) — and
/// returns the times and the last result.
func timedRuns<T>(_ repeats: Int, budget: Double = 120, _ body: () throws -> T) rethrows -> ([Double], T) {
    var times: [Double] = []
    var n = repeats
    var last: T? = nil
    while times.count < n {
        let t0 = now()
        last = try body()
        times.append(now() - t0)
        if times.count == 1 {
            if times[0] < 1 && repeats >= 5 { n = Swift.max(repeats, 7) }
            else if times[0] * Double(repeats) > budget { n = Swift.min(repeats, 3) }
        }
    }
    return (times, last!)
}
