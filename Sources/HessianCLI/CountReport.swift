import Foundation
import Hessian

/// The count models' lines of the text report: offset/exposure, α, deviance, Pearson χ² and the
/// likelihood-ratio test against Poisson.
enum CountReport {
    static func offsetText(_ f: FittedModel) -> String {
        var parts: [String] = []
        if let o = f.offset { parts.append("offset \"\(o)\"") }
        if let e = f.exposure { parts.append("exposure \"\(e)\" (offset log t)") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }

    static func lines(_ f: FittedModel) -> [String] {
        var lines: [String] = []
        func field(_ name: String, _ value: String) { lines.append(TextReport.pad(name + ":", 16) + value) }
        if let a = f.alpha {
            var text = TextReport.fmt(a, 8) + " (Var y = μ + αμ²)"
            if let se = f.alphaStandardError { text += ", std err \(TextReport.fmt(se, 4)) (delta method from log α)" }
            field("α", text)
        }
        if let d = f.deviance { field("Deviance", TextReport.fmt(d, 10)) }
        if let c = f.pearsonChi2 { field("Pearson χ²", TextReport.fmt(c, 10)) }
        if let lr = f.likelihoodRatio, let p = f.likelihoodRatioPValue, let l0 = f.poissonLogLikelihood {
            field("LR vs Poisson", "\(TextReport.fmt(lr, 8)) (Poisson ℓ = \(TextReport.fmt(l0, 10))), p = \(String(format: "%.4g", p)) (½ P(χ²₁ > LR), α = 0 on the boundary)")
        }
        return lines
    }
}
