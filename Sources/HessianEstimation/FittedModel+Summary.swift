import Foundation
import HessianModels
import HessianSolvers
import HessianInference
import HessianData

/// The human-readable report of a fit (what `fit` prints): model, data, penalty, solver and
/// likelihood statistics, then a coefficient table in the style of statsmodels' summary
/// (coef, std err, z, P>|z|, 95 % interval) when standard errors were computed.
extension FittedModel: CustomStringConvertible {
    /// ``summary(source:)`` without a data source name.
    public var description: String { summary() }

    /// The report; `source` (e.g. the CSV file's name) prefixes the data line.
    /// - Parameter source: the data's name for the report, or nil.
    public func summary(source: String? = nil) -> String {
        let f = self
        var lines: [String] = []
        func field(_ name: String, _ value: String) { lines.append(Self.pad(name + ":", 16) + value) }
        var modelLine = f.model.rawValue
        if let classes = f.classes {
            modelLine += " (classes: " + classes.map(Self.label).joined(separator: ", ")
            if f.model == .logistic { modelLine += "; modelling P(\(Self.label(classes[1])))" }
            if f.model == .multinomial { modelLine += f.l2 == 0 ? "; reference class \(Self.label(classes[0]))" : "; all classes free" }
            modelLine += ")"
        }
        field("Model", modelLine)
        let featureCount = f.featureColumns.count
        field("Data", (source.map { "\($0): " } ?? "") + "\(f.rows) rows, \(featureCount) \(f.model == .logdet ? "variables" : "features")"
              + (f.target.map { ", target \"\($0)\"" } ?? "") + f.countOffsetText)
        // Formula and --missing drop.
        if let design = f.design { field("Formula", design.formula) }
        if let dropped = f.rowsDropped {
            let per = (f.rowsDroppedByColumn ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            field("Missing", "\(dropped) rows dropped" + (per.isEmpty ? "" : " (rows with a missing cell per column: " + per.joined(separator: ", ") + ")"))
        }
        field("Penalty", "λ = \(Self.summaryNumber(f.l2))" + (f.standardize ? ", standardized features" : "") + (f.intercept || f.model == .logdet ? "" : ", no intercept"))
        field("Solver", "\(f.solver?.rawValue ?? "custom"): \(f.converged ? "converged" : "DID NOT CONVERGE") (\(f.termination)) — \(f.message)")
        if let w = f.weights, let n = f.observations { field("Weights", "frequency weights \"\(w)\": \(Self.summaryNumber(n, 15)) observations") }
        if let c = f.covariance {
            field("Covariance", c.label + (f.clusterColumn.map { " (column \"\($0)\", \(f.clusters ?? 0) clusters)" } ?? ""))
        }
        field("Iterations", "\(f.iterations)")
        field("Objective", Self.summaryNumber(f.objective, 12))
        field("‖∇f‖∞", Self.summaryNumber(f.gradientNorm, 3))
        if let ll = f.logLikelihood {
            field("Log-likelihood", Self.summaryNumber(ll, 10))
            if let aic = f.aic, let bic = f.bic { field("AIC / BIC", "\(Self.summaryNumber(aic, 8)) / \(Self.summaryNumber(bic, 8))") }
            if let r2 = f.pseudoR2 { field("Pseudo R²", Self.summaryNumber(r2, 6) + " (McFadden)") }
            if let acc = f.accuracy { field("Accuracy", Self.summaryNumber(acc, 6)) }
        }
        lines += f.countSummaryLines
        lines.append("")

        switch f.model {
        case .logdet:
            lines.append("Precision matrix Θ:")
            let names = f.features.map(Self.label)
            let width = max(12, (names.map(\.count).max() ?? 0) + 2)
            lines.append(Self.pad("", width) + names.map { Self.lpad($0, 14) }.joined())
            for (i, row) in (f.precision ?? []).enumerated() {
                lines.append(Self.pad(names[i], width) + row.map { Self.lpad(Self.summaryNumber($0, 6), 14) }.joined())
            }
        default:
            let rows = f.coefficients?.rows ?? []
            let se = f.standardErrors?.rows, z = f.zValues?.rows, pv = f.pValues?.rows
            let lo = f.lower95?.rows, hi = f.upper95?.rows
            let names = f.features.map(Self.label)
            let width = max(12, (names.map(\.count).max() ?? 0) + 2)
            for (k, row) in rows.enumerated() {
                if f.model == .multinomial, let classes = f.classes {
                    if f.l2 == 0 && k == 0 {
                        lines.append("class \(Self.label(classes[k])) (reference: coefficients fixed at 0)")
                        lines.append("")
                        continue
                    }
                    lines.append("class \(Self.label(classes[k]))")
                }
                if let se, let z, let pv, let lo, let hi {
                    lines.append(Self.pad("", width) + ["coef", "std err", "z", "P>|z|", "[0.025", "0.975]"].map { Self.lpad($0, 13) }.joined())
                    for (j, name) in names.enumerated() {
                        lines.append(Self.pad(name, width) + [Self.summaryNumber(row[j], 6), Self.summaryNumber(se[k][j], 4), Self.summaryNumber(z[k][j], 4),
                                                         String(format: "%.4f", pv[k][j]), Self.summaryNumber(lo[k][j], 5), Self.summaryNumber(hi[k][j], 5)]
                            .map { Self.lpad($0, 13) }.joined())
                    }
                } else {
                    lines.append(Self.pad("", width) + Self.lpad("coef", 16))
                    for (j, name) in names.enumerated() { lines.append(Self.pad(name, width) + Self.lpad(Self.summaryNumber(row[j], 10), 16)) }
                }
                lines.append("")
            }
        }
        for note in f.notes { lines.append("Note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryNumber(_ x: Double, _ digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x == 0 { return "0" }
        return String(format: "%.\(digits)g", x)
    }

    /// The widest label shown in the report's tables, in characters: longer feature and class
    /// names are cut there with "…" (the JSON output keeps them whole), so one huge category
    /// level does not pad every line of the report to its width.
    static let labelWidth = 48

    /// A name as the report shows it: at most ``labelWidth`` characters.
    static func label(_ s: String) -> String {
        guard s.utf8.count > labelWidth, s.count > labelWidth else { return s }
        return String(s.prefix(labelWidth - 1)) + "…"
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
