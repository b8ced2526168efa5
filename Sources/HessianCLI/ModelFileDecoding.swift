import Foundation
import Hessian

/// Why a model file did not decode, as a short phrase naming the field.
enum ModelFileDecoding {
    static func reason(_ error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "field \"\(SafeText.excerpt(path(context.codingPath + [key])))\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \"\(SafeText.excerpt(path(context.codingPath)))\" has the wrong type"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "field \"\(SafeText.excerpt(path(context.codingPath)))\" is invalid"
        default:
            return "not valid JSON"
        }
    }
}
