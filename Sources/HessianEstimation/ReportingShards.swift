import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// A shard source that reports every pass once it is complete — its number, the rows and bytes
/// behind it and the summed (unpenalized) objective — for a progress line where the source has no
/// chunks of its own to report (the ranks of a data-parallel fit, whose pass is one exchange).
package struct ReportingShards<Base: ShardSource>: ShardSource {
    let base: Base
    let rows: Int
    let bytes: Int
    let progress: @Sendable (StreamProgress) -> Void
    private let counter = PassCounter()

    package init(_ base: Base, rows: Int, bytes: Int, progress: @escaping @Sendable (StreamProgress) -> Void) {
        self.base = base
        self.rows = rows
        self.bytes = bytes
        self.progress = progress
    }

    package var dimension: Int { base.dimension }

    package func forEachShard(at x: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
        let pass = counter.increment()
        var objective = 0.0
        try base.forEachShard(at: x, hessian: hessian) { e in
            objective += e.value
            try body(e)
        }
        progress(StreamProgress(pass: pass, rows: rows, bytes: bytes, objective: objective))
    }
}
