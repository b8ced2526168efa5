import ArgumentParser
import Foundation
import Hessian
import HessianCLI
import HessianMPI

/// `mpirun -np K fit-mpi <fit options>`: every rank fits its byte range of the file; rank 0
/// prints. Without the MPI package trait the executable runs as a single rank (K = 1).
@main struct FitMPI {
    static func main() {
        #if MPI
        let comm = MPICommunicator.start()
        #else
        let comm = SingleProcess()
        #endif
        let reporting = comm.rank == 0
        // One BLAS/Hessian thread per rank unless the ranks on this node leave cores idle.
        let local = Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? comm.size
        let threads = Int(ProcessInfo.processInfo.environment["HESSIAN_THREADS"] ?? "")
            ?? max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, local))
        let agreement = Agreement(comm, status: { FitCommand.exitStatus(of: $0) })
        var status: Int32
        do {
            let command = try FitCommand.parse(Array(CommandLine.arguments.dropFirst()))
            status = command.runDistributed(
                reporting: reporting, threads: threads,
                silentStatus: { ($0 as? CollectiveFailure)?.status },
                fitter: { file, spec, reader, trace in
                    try DistributedEstimator.fit(file: file, spec, reader: reader, agreement: agreement,
                                                 threads: threads, trace: trace)
                })
        } catch {
            // Parsing the options (or --help): the same on every rank, so rank 0 alone speaks.
            let code = FitCommand.exitCode(for: error)
            if reporting {
                let message = FitCommand.fullMessage(for: error)
                if code == .success { print(message) } else {
                    let line = CommandMain.oneLine(message)
                    FileHandle.standardError.write(Data(("fit-mpi: " + line + "\n").utf8))
                }
            }
            status = code == .success ? 0 : (code == .validationFailure ? 64 : code.rawValue)
        }
        // Every rank ends with the same status: the first non-zero one in rank order.
        let all = comm.allGather([Int64(status)]).map { Int32($0[0]) }
        status = all.first(where: { $0 != 0 }) ?? 0
        #if MPI
        comm.finish()
        #endif
        exit(status)
    }
}
