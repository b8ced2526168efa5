import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// The rows of a partitioned fit as its statistics passes see them: this process's prepared
/// chunks (targets as class codes or counts) and how sums over them are combined with the other
/// processes' (identity for one process; rank-ordered under MPI, so every rank gets the same bits).
/// A summary statistic is `total(Σ_local)`.
package struct LocalRows {
    package let intercept: Bool
    package let scaling: ShardScaling
    /// One pass over this process's prepared chunks, in a fixed order.
    package let forEach: (_ body: (RowChunk) throws -> Void) throws -> Void
    /// Σ over processes of equal-length local sums, in a fixed order.
    package let total: ([Double]) -> [Double]
    /// What one more pass costs, for the fit's notes ("1 more pass over the file"); nil: no note.
    package let passNote: String?

    package init(intercept: Bool, scaling: ShardScaling, passNote: String?, total: @escaping ([Double]) -> [Double] = { $0 },
                 forEach: @escaping (_ body: (RowChunk) throws -> Void) throws -> Void) {
        self.intercept = intercept
        self.scaling = scaling
        self.passNote = passNote
        self.total = total
        self.forEach = forEach
    }
}

extension FileShards {
    /// Its chunks as `LocalRows` of one process (`fromFile`: parsed again, with cluster keys).
    func localRows(fromFile: Bool = false) -> LocalRows {
        LocalRows(intercept: intercept, scaling: scaling, passNote: "1 more pass over the file") { body in
            try forEachChunk(fromFile: fromFile) { c, _ in try body(c) }
        }
    }
}
