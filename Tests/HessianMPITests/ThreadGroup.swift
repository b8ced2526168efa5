import HessianTestSupport
import Foundation
@testable import HessianMPI

/// K in-process "ranks" on K threads sharing one exchange, standing in for MPI in a build without
/// it: each allgather waits until all K have deposited, then every rank reads the same array.
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [Any?]
    private var arrived = 0
    private var generation = 0
    private var result: [Any] = []

    init(size: Int) {
        self.size = size
        slots = [Any?](repeating: nil, count: size)
    }

    /// A round completes when the K-th rank arrives; it cannot complete again before every rank has
    /// arrived once more, i.e. after each has read this round's result.
    func exchange(_ rank: Int, _ value: Any) -> [Any] {
        condition.lock()
        defer { condition.unlock() }
        slots[rank] = value
        arrived += 1
        let mine = generation
        if arrived == size {
            result = slots.map { $0! }
            slots = [Any?](repeating: nil, count: size)
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return result
    }

    /// Runs `body` once per rank, each on its own thread, and returns the results in rank order.
    func run<T>(_ body: @escaping @Sendable (ThreadRank) -> T) -> [T] {
        let results = Results<T>(size)
        let done = DispatchGroup()
        for r in 0..<size {
            done.enter()
            let t = Thread {
                results.set(r, body(ThreadRank(rank: r, group: self)))
                done.leave()
            }
            t.stackSize = 8 << 20
            t.start()
        }
        done.wait()
        return results.values
    }

    final class Results<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        init(_ n: Int) { slots = [T?](repeating: nil, count: n) }
        func set(_ i: Int, _ v: T) { lock.lock(); slots[i] = v; lock.unlock() }
        var values: [T] { slots.map { $0! } }
    }
}

/// One rank of a ``ThreadGroup``.
struct ThreadRank: Communicator {
    let rank: Int
    let group: ThreadGroup
    var size: Int { group.size }
    func allGather(_ local: [Double]) -> [[Double]] { group.exchange(rank, local).map { $0 as! [Double] } }
    func allGather(_ local: [Int64]) -> [[Int64]] { group.exchange(rank, local).map { $0 as! [Int64] } }
    func allGather(bytes local: [UInt8]) -> [[UInt8]] { group.exchange(rank, local).map { $0 as! [UInt8] } }
}
