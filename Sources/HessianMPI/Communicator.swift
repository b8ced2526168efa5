/// The collective operations a data-parallel fit needs from a group of K processes (ranks).
///
/// Every rank must call the same operations in the same order (they are collective). The
/// fit's control flow only depends on values every rank holds bitwise identically (sums in
/// rank order, agreed statuses), so the ranks stay in step without broadcasting the iterate.
public protocol Communicator: Sendable {
    /// This process's index, 0..<size.
    var rank: Int { get }
    /// K, the number of processes.
    var size: Int { get }
    /// Every rank's `local` (all of the same length), in rank order.
    func allGather(_ local: [Double]) -> [[Double]]
    /// Every rank's `local` integers (all of the same length), in rank order.
    func allGather(_ local: [Int64]) -> [[Int64]]
    /// Every rank's bytes (lengths may differ), in rank order.
    func allGather(bytes local: [UInt8]) -> [[UInt8]]
}

extension Communicator {
    /// Σ_r local_r with the terms added in rank order 0, 1, …, K−1 on every rank, so the sum is
    /// bitwise the same everywhere and does not depend on message timing (an MPI_Allreduce may
    /// associate the terms differently on different ranks or runs).
    public func sumInRankOrder(_ local: [Double]) -> [Double] {
        let parts = allGather(local)
        var total = parts[0]
        for r in 1..<parts.count {
            let part = parts[r]
            for i in total.indices { total[i] += part[i] }
        }
        return total
    }

    /// Σ_r local_r for integers (exact).
    public func sum(_ local: [Int64]) -> [Int64] {
        let parts = allGather(local)
        var total = parts[0]
        for part in parts.dropFirst() { for i in total.indices { total[i] += part[i] } }
        return total
    }
}

/// The trivial group of one process: every collective returns the local value. Lets the
/// distributed fit run (and be tested) in a build without MPI.
public struct SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allGather(_ local: [Double]) -> [[Double]] { [local] }
    public func allGather(_ local: [Int64]) -> [[Int64]] { [local] }
    public func allGather(bytes local: [UInt8]) -> [[UInt8]] { [local] }
}
