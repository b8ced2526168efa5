import ArgumentParser
import Foundation
import Hessian

/// `predict`: apply a model saved by `fit --output` to a CSV file.
public struct PredictCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a model saved by `fit --output`.",
        discussion: """
        Feature columns are matched by name (other columns are ignored). Output CSV: least squares \
        `prediction`; logistic `probability` (of the second class) and `label`; multinomial one \
        `p_<class>` column per class and `label`.

        Exit status: 0 success; 64 usage error; 65 bad data or model file (missing column, \
        non-numeric cell, …); 66 input file missing or unreadable; 73 output cannot be written.
        """)

    @Option(name: .customLong("model-file"), help: "The model JSON written by fit --output.")
    var modelFile: String

    @Argument(help: "The CSV file with the feature columns.")
    var file: String

    @OptionGroup var input: InputOptions

    @Option(help: "Write the predictions here (atomically) instead of stdout.")
    var output: String?

    public init() {}

    public func run() throws {
        try runReportingErrors("predict") { try predict() }
    }

    func predict() throws -> ExitStatus {
        guard FileManager.default.fileExists(atPath: modelFile) else { throw DataError.fileNotFound(file: modelFile) }
        guard let data = FileManager.default.contents(atPath: modelFile) else {
            throw DataError.unreadable(file: modelFile, reason: "permission denied or I/O error")
        }
        let fitted: FittedModel
        do {
            fitted = try JSON.decoder().decode(FittedModel.self, from: data)
        } catch {
            throw CLIError(description: "\(modelFile): not a model file written by fit --output", status: .dataError)
        }
        let table = try input.read(file, trace: false)
        let predictions: Predictions
        do {
            predictions = try fitted.predict(table)
        } catch let e as EstimationError {
            throw CLIError(description: "\(modelFile): \(e)", status: .dataError)
        }
        let delimiter = String(UnicodeScalar(try input.reader().delimiter))
        var out = predictions.header.map { CSVText.escape($0, delimiter: delimiter) }.joined(separator: delimiter) + "\n"
        out.reserveCapacity(table.rowCount * 24 * predictions.header.count)
        for i in 0..<table.rowCount {
            var fields = predictions.numbers.map { "\($0[i])" }
            if let labels = predictions.labels { fields.append(CSVText.escape(labels[i], delimiter: delimiter)) }
            out += fields.joined(separator: delimiter) + "\n"
        }
        if let path = output {
            try AtomicFile.write(Data(out.utf8), to: path)
        } else {
            Console.output(out)
        }
        return .success
    }
}

package enum CSVText {
    /// Quotes a field when it holds the delimiter, a quote or a line break ("" escapes quotes).
    package static func escape(_ s: String, delimiter: String) -> String {
        guard s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r") else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
