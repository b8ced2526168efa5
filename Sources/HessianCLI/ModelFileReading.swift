import Foundation
import Hessian

/// Reads `predict --model-file`: a regular file no larger than ``limit``, checked before any
/// byte is read, so a huge or endless input is refused at once instead of read whole.
enum ModelFileReading {
    /// The largest model file accepted: 256 MiB (a multinomial model with 1000 classes of 1000
    /// coefficients and its standard errors is about 100 MB of JSON).
    static let limit = 256 << 20

    static func contents(_ path: String) throws -> Data {
        try InputFile.requireRegular(path, source: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw ModelFileTooLarge(file: path, bytes: size, limit: limit)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        return data
    }
}
