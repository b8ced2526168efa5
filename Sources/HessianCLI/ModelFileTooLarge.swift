import Hessian

/// A `--model-file` larger than ``ModelFileReading/limit``.
struct ModelFileTooLarge: Error, CustomStringConvertible {
    var file: String
    var bytes: Int
    var limit: Int

    var description: String {
        "\(SafeText.path(file)): the model file is \(bytes) bytes, more than the limit of \(limit) bytes (\(limit >> 20) MiB) for a file written by fit --output"
    }
}
