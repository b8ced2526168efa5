#if MPI
import CMPI

/// MPI_COMM_WORLD of Open MPI (built with the `MPI` package trait).
///
/// `start()` calls MPI_Init once; `finish()` calls MPI_Finalize. Every collective is an
/// MPI_Allgather(v): the partial sums travel as they are and each rank adds them in rank order
/// (see ``Communicator/sumInRankOrder(_:)``), which costs K·n doubles received per rank instead
/// of an allreduce's ~2n but makes the result independent of the reduction tree.
public struct MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int

    /// Initializes MPI (threads: only the main thread calls MPI).
    public static func start() -> MPICommunicator {
        var argc: Int32 = 0
        var provided: Int32 = 0
        _ = MPI_Init_thread(&argc, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var r: Int32 = 0, k: Int32 = 0
        MPI_Comm_rank(hessian_mpi_comm_world(), &r)
        MPI_Comm_size(hessian_mpi_comm_world(), &k)
        return MPICommunicator(rank: Int(r), size: Int(k))
    }

    public func finish() { MPI_Finalize() }

    /// Ends every rank with `status` after an unrecoverable local failure.
    public func abort(_ status: Int32) -> Never {
        MPI_Abort(hessian_mpi_comm_world(), status)
        fatalError("MPI_Abort returned")
    }

    public func allGather(_ local: [Double]) -> [[Double]] {
        let n = local.count
        var all = [Double](repeating: 0, count: n * size)
        local.withUnsafeBufferPointer { src in
            all.withUnsafeMutableBufferPointer { dst in
                _ = MPI_Allgather(src.baseAddress, Int32(n), hessian_mpi_double(),
                                  dst.baseAddress, Int32(n), hessian_mpi_double(), hessian_mpi_comm_world())
            }
        }
        return (0..<size).map { Array(all[($0 * n)..<(($0 + 1) * n)]) }
    }

    public func allGather(_ local: [Int64]) -> [[Int64]] {
        let n = local.count
        var all = [Int64](repeating: 0, count: n * size)
        local.withUnsafeBufferPointer { src in
            all.withUnsafeMutableBufferPointer { dst in
                _ = MPI_Allgather(src.baseAddress, Int32(n * 8), hessian_mpi_byte(),
                                  dst.baseAddress, Int32(n * 8), hessian_mpi_byte(), hessian_mpi_comm_world())
            }
        }
        return (0..<size).map { Array(all[($0 * n)..<(($0 + 1) * n)]) }
    }

    public func allGather(bytes local: [UInt8]) -> [[UInt8]] {
        let counts = allGather([Int64(local.count)]).map { Int($0[0]) }
        var offsets = [Int32](), total = 0
        for c in counts { offsets.append(Int32(total)); total += c }
        var all = [UInt8](repeating: 0, count: max(total, 1))
        var counts32 = counts.map { Int32($0) }
        let mine = local.isEmpty ? [0] : local
        mine.withUnsafeBufferPointer { src in
            all.withUnsafeMutableBufferPointer { dst in
                _ = MPI_Allgatherv(src.baseAddress, Int32(local.count), hessian_mpi_byte(),
                                   dst.baseAddress, &counts32, &offsets, hessian_mpi_byte(), hessian_mpi_comm_world())
            }
        }
        return (0..<size).map { r in Array(all[Int(offsets[r])..<(Int(offsets[r]) + counts[r])]) }
    }
}
#endif
