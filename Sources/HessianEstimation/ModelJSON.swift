import Foundation

/// JSON coders for ``FittedModel`` (and any value holding NaN or ±∞).
///
/// A reference-class multinomial fit has NaN z-values and p-values for its fixed coefficients,
/// which a default `JSONEncoder` refuses to encode; these coders write non-finite numbers as
/// the strings "NaN", "Infinity" and "-Infinity" and read them back, so every fitted model
/// round-trips. Keys are sorted and the output is indented, as in the files `fit --output` writes.
public enum ModelJSON {
    /// An encoder that writes non-finite numbers as strings, with sorted keys and indentation.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    /// A decoder that reads the strings written by ``encoder()`` back as non-finite numbers.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}

extension FittedModel {
    /// The model as JSON (the format `fit --output` writes and `predict` reads).
    public func jsonData() throws -> Data {
        try ModelJSON.encoder().encode(self)
    }

    /// Reads a model written by ``jsonData()`` or `fit --output` (predicting checks its fields
    /// first, see ``validateForPrediction()``).
    /// - Parameter data: the JSON model file's bytes.
    /// - Throws: `DecodingError` for JSON that is not a model file.
    public init(jsonData data: Data) throws {
        self = try ModelJSON.decoder().decode(FittedModel.self, from: data)
    }
}
