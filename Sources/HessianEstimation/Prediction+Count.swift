import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData

extension FittedModel {
    /// μ = exp(b + xᵀw + o + log t) with the model's offset and exposure columns read from `table`.
    /// Throws naming the column when the table lacks it, and the row of an exposure that is not > 0.
    func predictCounts(_ x: Matrix, coefficients w: [Double], table: Table) throws -> Predictions {
        var spec = FitSpecification(model: model)
        spec.offset = offset
        spec.exposure = exposure
        for (what, name) in [("offset", offset), ("exposure", exposure)] {
            guard let name else { continue }
            guard table.names.contains(name) else {
                throw EstimationError.invalidOption("the model was fitted with \(what) column \"\(name)\", which \(table.source) lacks")
            }
        }
        let o = try CountOffsets(table, spec).values(rows: x.rows)
        return Predictions(header: ["prediction"], numbers: [Poisson.means(x, coefficients: w, intercept: intercept, offset: o)],
                           labels: nil)
    }
}
