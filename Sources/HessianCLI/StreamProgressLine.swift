import Foundation
import Hessian

/// The one updating status line of a streamed fit on a terminal: pass k, rows and MB read in this
/// pass, the read rate and the partial objective. Redrawn at most 5 times a second with "\r" and
/// erased when the fit ends; never drawn when standard error is not a terminal.
final class StreamProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var totalBytes = 0
    private lazy var passStart = start
    private var pass = 0
    /// The last update: the end of the previous pass when a new one reports its first chunk.
    private var lastUpdate = Date()

    /// nil when standard error is not a terminal.
    static func make() -> StreamProgressLine? { isatty(2) == 1 ? StreamProgressLine() : nil }

    func update(_ p: StreamProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        if p.pass != pass { pass = p.pass; passStart = lastUpdate }
        lastUpdate = now
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let seconds = max(now.timeIntervalSince(passStart), 1e-6)
        var line = String(format: "pass %d%@: %d rows, %.1f MB, %.0f MB/s", p.pass, p.pass == 0 ? " (statistics)" : "",
                          p.rows, Double(p.bytes) / 1e6, Double(p.bytes) / 1e6 / seconds)
        if let f = p.objective, p.pass > 0 { line += String(format: ", objective so far %.6e", f) }
        line += String(format: "  [%.1f s]", now.timeIntervalSince(start))
        _ = StandardStreams.write(2, "\r\u{1B}[K" + line)
        drawn = true
    }

    /// Erases the line (before the report or an error message).
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { _ = StandardStreams.write(2, "\r\u{1B}[K") }
        drawn = false
    }
}

/// `fit --stream`: the file is read in chunks by ``/HessianEstimation/StreamedEstimator`` instead of into memory.
enum StreamedFitCLI {
    static func fit(_ path: String, input: InputOptions, spec: FitSpecification, chunkRows: Int, spill: Bool, trace: Estimator.Trace?) throws -> FittedModel {
        guard chunkRows > 0 else { throw CLIError(description: "--chunk-rows must be ≥ 1, got \(chunkRows)", status: .usage) }
        var reader = try input.reader()
        if spec.model == .logistic || spec.model == .multinomial {
            // As in memory: the label column (a formula's response) keeps its texts.
            let label = spec.formula.flatMap { try? Formula($0).responseColumn } ?? spec.target
            if let t = label { reader.textColumns = [t] } else { reader.textOfLastColumn = true }
        }
        let line = StreamProgressLine.make()
        defer { line?.finish() }
        var options = StreamOptions(chunkRows: chunkRows, spill: spill)
        if let line { options.progress = { @Sendable (p: StreamProgress) in line.update(p) } }
        // --trace keeps the per-iteration log: each record first erases the progress line.
        var traced: Estimator.Trace? = nil
        if let trace {
            traced = { (record: IterationRecord) -> TraceAction in
                line?.finish()
                return trace(record)
            }
        }
        do {
            return try FormulaCLI.reporting { try StreamedEstimator.fit(file: path, reader: reader, spec, options: options, trace: traced) }
        } catch let e as EstimationError {
            if case .invalidOption(let m) = e, m.hasPrefix("streamed fits do not support") {
                throw CLIError(description: m.replacingOccurrences(of: "fit in memory instead", with: "drop --stream"), status: .usage)
            }
            throw e
        }
    }
}
