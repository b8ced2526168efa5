import Foundation
import Hessian
import HessianCLI

/// libFuzzer harness for the model-file decoder behind `predict --model-file`: the input is the
/// JSON file, decoded exactly as `predict` decodes it (``JSON/decoder()`` into ``FittedModel``).
/// A file that decodes is then applied to a small table holding every feature it names (three
/// rows, values from the input's length), so the prediction paths see every decoded shape.
/// Any outcome is allowed except a crash: an error, or predictions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let model = try? JSON.decoder().decode(FittedModel.self, from: bytes) else { return 0 }
    let names = model.featureColumns.isEmpty ? ["x"] : model.featureColumns
    let rows = (0..<3).map { r in names.indices.map { j in "\(Double(r * 7 + j + size % 5) / 4 - 1)" } }
    let text = ([names] + rows).map { $0.map { CSVText.escape($0, delimiter: ",") }.joined(separator: ",") }
        .joined(separator: "\n") + "\n"
    guard let table = try? CSVReader(threads: 1).parse(text, source: "fuzz.csv") else { return 0 }
    if let p = try? model.predict(table) {
        precondition(p.numbers.allSatisfy { $0.count == table.rowCount }, "a prediction column of the wrong length")
        precondition(p.labels.map { $0.count == table.rowCount } ?? true, "a label column of the wrong length")
    }
    return 0
}
