import Foundation
import Hessian

/// The human-readable `fit` report; with --summary a coefficient table in the style of
/// statsmodels' summary (coef, std err, z, P>|z|, 95 % interval).
enum TextReport {
    static func render(_ f: FittedModel, file: String) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String) { lines.append(pad(name + ":", 16) + value) }
        var modelLine = f.model.rawValue
        if let classes = f.classes {
            modelLine += " (classes: " + classes.joined(separator: ", ")
            if f.model == .logistic { modelLine += "; modelling P(\(classes[1]))" }
            if f.model == .multinomial { modelLine += f.l2 == 0 ? "; reference class \(classes[0])" : "; all classes free" }
            modelLine += ")"
        }
        field("Model", modelLine)
        let featureCount = f.featureColumns.count
        field("Data", "\(file): \(f.rows) rows, \(featureCount) \(f.model == .logdet ? "variables" : "features")"
              + (f.target.map { ", target \"\($0)\"" } ?? "") + CountReport.offsetText(f))
        // Formula and --missing drop (issue 12).
        if let design = f.design { field("Formula", design.formula) }
        if let dropped = f.rowsDropped {
            let per = (f.rowsDroppedByColumn ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            field("Missing", "\(dropped) rows dropped" + (per.isEmpty ? "" : " (rows with a missing cell per column: " + per.joined(separator: ", ") + ")"))
        }
        field("Penalty", "λ = \(fmt(f.l2))" + (f.standardize ? ", standardized features" : "") + (f.intercept || f.model == .logdet ? "" : ", no intercept"))
        field("Solver", "\(f.solver): \(f.converged ? "converged" : "DID NOT CONVERGE") (\(f.termination)) — \(f.message)")
        if let w = f.weights, let n = f.observations { field("Weights", "frequency weights \"\(w)\": \(fmt(n, 15)) observations") }
        if let c = f.covariance {
            field("Covariance", c + (f.clusterColumn.map { " (column \"\($0)\", \(f.clusters ?? 0) clusters)" } ?? ""))
        }
        field("Iterations", "\(f.iterations)")
        field("Objective", fmt(f.objective, 12))
        field("‖∇f‖∞", fmt(f.gradientNorm, 3))
        if let ll = f.logLikelihood {
            field("Log-likelihood", fmt(ll, 10))
            if let aic = f.aic, let bic = f.bic { field("AIC / BIC", "\(fmt(aic, 8)) / \(fmt(bic, 8))") }
            if let r2 = f.pseudoR2 { field("Pseudo R²", fmt(r2, 6) + " (McFadden)") }
            if let acc = f.accuracy { field("Accuracy", fmt(acc, 6)) }
        }
        lines += CountReport.lines(f)
        lines.append("")

        switch f.model {
        case .logdet:
            lines.append("Precision matrix Θ:")
            let names = f.features
            let width = max(12, (names.map(\.count).max() ?? 0) + 2)
            lines.append(pad("", width) + names.map { lpad($0, 14) }.joined())
            for (i, row) in (f.precision ?? []).enumerated() {
                lines.append(pad(names[i], width) + row.map { lpad(fmt($0, 6), 14) }.joined())
            }
        default:
            let rows = f.coefficients?.rows ?? []
            let se = f.standardErrors?.rows, z = f.zValues?.rows, pv = f.pValues?.rows
            let lo = f.lower95?.rows, hi = f.upper95?.rows
            let width = max(12, (f.features.map(\.count).max() ?? 0) + 2)
            for (k, row) in rows.enumerated() {
                if f.model == .multinomial, let classes = f.classes {
                    if f.l2 == 0 && k == 0 {
                        lines.append("class \(classes[k]) (reference: coefficients fixed at 0)")
                        lines.append("")
                        continue
                    }
                    lines.append("class \(classes[k])")
                }
                if let se, let z, let pv, let lo, let hi {
                    lines.append(pad("", width) + ["coef", "std err", "z", "P>|z|", "[0.025", "0.975]"].map { lpad($0, 13) }.joined())
                    for (j, name) in f.features.enumerated() {
                        lines.append(pad(name, width) + [fmt(row[j], 6), fmt(se[k][j], 4), fmt(z[k][j], 4),
                                                         String(format: "%.4f", pv[k][j]), fmt(lo[k][j], 5), fmt(hi[k][j], 5)]
                            .map { lpad($0, 13) }.joined())
                    }
                } else {
                    lines.append(pad("", width) + lpad("coef", 16))
                    for (j, name) in f.features.enumerated() { lines.append(pad(name, width) + lpad(fmt(row[j], 10), 16)) }
                }
                lines.append("")
            }
        }
        for note in f.notes { lines.append("Note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fmt(_ x: Double, _ digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x == 0 { return "0" }
        return String(format: "%.\(digits)g", x)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
