/// Agreement on failure at a collective point: a bad row on rank 1 must not leave rank 0
/// waiting in the next reduction.
///
/// Each rank runs its local step, then all ranks exchange a status (0 = success). If any is
/// non-zero, every rank stops with the status of the lowest failing rank; that rank rethrows
/// its own error (the one message to print), the others throw ``CollectiveFailure`` (nothing
/// to print, same status).
public struct CollectiveFailure: Error, CustomStringConvertible {
    /// The exit status all ranks agreed on.
    public let status: Int32
    /// The rank whose error is reported.
    public let failingRank: Int
    public var description: String { "rank \(failingRank) failed with status \(status)" }
}

/// Runs local steps and agrees on their outcome across ranks.
public struct Agreement: Sendable {
    public let communicator: any Communicator
    /// The non-zero status of a local error (the CLI maps errors to its exit statuses).
    public let status: @Sendable (Error) -> Int32

    public init(_ communicator: any Communicator, status: @escaping @Sendable (Error) -> Int32) {
        self.communicator = communicator
        self.status = status
    }

    /// Runs `body` here, then exchanges outcomes (one 8-byte allgather); returns its value
    /// when every rank succeeded.
    public func agree<T>(_ body: () throws -> T) throws -> T {
        var outcome: Result<T, Error>
        do { outcome = .success(try body()) } catch { outcome = .failure(error) }
        var mine: Int64 = 0
        if case .failure(let e) = outcome {
            if let c = e as? CollectiveFailure { mine = Int64(c.status) } else { mine = Int64(Swift.max(1, status(e))) }
        }
        let all = communicator.allGather([mine]).map { $0[0] }
        guard let first = all.firstIndex(where: { $0 != 0 }) else { return try outcome.get() }
        if first == communicator.rank, case .failure(let e) = outcome { throw e }
        throw CollectiveFailure(status: Int32(all[first]), failingRank: first)
    }
}
