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
        non-numeric cell, …); 66 input file missing or unreadable; 73 output cannot be written (or would \
        replace an input, or is not a regular file); 74 writing standard output or standard error failed.
        """,
        version: Hessian.version)

    @Option(name: .customLong("model-file"), help: "The model JSON written by fit --output.")
    var modelFile: String

    @Argument(help: "The CSV file with the feature columns.")
    var file: String

    @Option(help: "strict (a missing cell in a used column is an error) | drop (that row gets an empty prediction).")
    var missing: String = "strict"

    @Option(name: .customLong("unknown-level"), help: "error (a category level not seen in training is an error) | missing (that row gets an empty prediction).")
    var unknownLevel: String = "error"

    @OptionGroup var input: InputOptions

    @Option(help: "Write the predictions here (atomically) instead of stdout.")
    var output: String?

    public init() {}

    public func run() throws {
        try runReportingErrors("predict") { try predict() }
    }

    func predict() throws -> ExitStatus {
        if let output { try AtomicFile.check(output, inputs: [file, modelFile]) }
        let data = try ModelFileReading.contents(modelFile)
        let fitted: FittedModel
        do {
            fitted = try JSON.decoder().decode(FittedModel.self, from: data)
        } catch {
            throw CLIError(description: "\(SafeText.path(modelFile)): not a model file written by fit --output (\(ModelFileDecoding.reason(error)))", status: .dataError)
        }
        guard let missingPolicy = MissingPolicy(rawValue: missing) else {
            throw CLIError(description: "unknown --missing \"\(missing)\"; choose strict or drop", status: .usage)
        }
        guard let unknownPolicy = UnknownLevelPolicy(rawValue: unknownLevel) else {
            throw CLIError(description: "unknown --unknown-level \"\(unknownLevel)\"; choose error or missing", status: .usage)
        }
        let table = try input.read(file, trace: false)
        let predictions: Predictions
        do {
            predictions = try FormulaCLI.reporting { try fitted.predict(table, missing: missingPolicy, unknownLevels: unknownPolicy) }
        } catch let e as EstimationError {
            throw CLIError(description: "\(SafeText.path(modelFile)): \(e)", status: .dataError)
        } catch let e as ModelFileError {
            throw CLIError(description: "\(SafeText.path(modelFile)): \(e)", status: .dataError)
        }
        let delimiter = String(UnicodeScalar(try input.reader().delimiter))
        var out = predictions.header.map { CSVText.escape($0, delimiter: delimiter) }.joined(separator: delimiter) + "\n"
        out.reserveCapacity(table.rowCount * 24 * predictions.header.count)
        for i in 0..<table.rowCount {
            if predictions.missing?[i] == true {
                out += String(repeating: delimiter, count: predictions.header.count - 1) + "\n"
                continue
            }
            var fields = predictions.numbers.map { "\($0[i])" }
            if let labels = predictions.labels { fields.append(CSVText.escape(labels[i], delimiter: delimiter)) }
            out += fields.joined(separator: delimiter) + "\n"
        }
        if let path = output {
            try AtomicFile.write(Data(out.utf8), to: path, inputs: [file, modelFile])
        } else {
            try Console.output(out)
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
