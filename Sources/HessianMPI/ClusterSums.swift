import Hessian

/// The per-cluster score sums of every rank, combined: each rank sends its clusters (keys in
/// sorted order, each with its p sums) in one allgather of bytes, and every rank adds the parts
/// in rank order, so a cluster spread over ranks gets bitwise the same sum everywhere.
enum ClusterSums {
    static func merge(_ local: [String: [Double]], _ comm: any Communicator) -> [String: [Double]] {
        var mine: [UInt8] = []
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { mine += $0 } }
        for key in local.keys.sorted() {
            let u = Array(key.utf8), s = local[key]!
            int(u.count)
            mine += u
            int(s.count)
            for v in s { withUnsafeBytes(of: v.bitPattern.littleEndian) { mine += $0 } }
        }
        var merged: [String: [Double]] = [:]
        for bytes in comm.allGather(bytes: mine) {
            var i = 0
            func word() -> UInt64 {
                var v: UInt64 = 0
                withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[i..<(i + 8)]) }
                i += 8
                return UInt64(littleEndian: v)
            }
            while i < bytes.count {
                let n = Int(word())
                let key = String(decoding: bytes[i..<(i + n)], as: UTF8.self)
                i += n
                let p = Int(word())
                var s = merged[key] ?? [Double](repeating: 0, count: p)
                for j in 0..<p { s[j] += Double(bitPattern: word()) }
                merged[key] = s
            }
        }
        return merged
    }
}
