import Foundation
import HessianModels

/// The count models' lines of the summary: offset/exposure, α, deviance, Pearson χ² and the
/// likelihood-ratio test against Poisson.
extension FittedModel {
    var countOffsetText: String {
        let f = self
        var parts: [String] = []
        if let o = f.offset { parts.append("offset \"\(o)\"") }
        if let e = f.exposure { parts.append("exposure \"\(e)\" (offset log t)") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }

    var countSummaryLines: [String] {
        let f = self
        var lines: [String] = []
        func field(_ name: String, _ value: String) { lines.append(FittedModel.pad(name + ":", 16) + value) }
        if let a = f.alpha {
            var text = FittedModel.summaryNumber(a, 8) + " (Var y = μ + αμ²)"
            if let se = f.alphaStandardError { text += ", std err \(FittedModel.summaryNumber(se, 4)) (delta method from log α)" }
            field("α", text)
        }
        if let d = f.deviance { field("Deviance", FittedModel.summaryNumber(d, 10)) }
        if let c = f.pearsonChi2 { field("Pearson χ²", FittedModel.summaryNumber(c, 10)) }
        if let lr = f.likelihoodRatio, let p = f.likelihoodRatioPValue, let l0 = f.poissonLogLikelihood {
            field("LR vs Poisson", "\(FittedModel.summaryNumber(lr, 8)) (Poisson ℓ = \(FittedModel.summaryNumber(l0, 10))), p = \(String(format: "%.4g", p)) (½ P(χ²₁ > LR), α = 0 on the boundary)")
        }
        return lines
    }
}
