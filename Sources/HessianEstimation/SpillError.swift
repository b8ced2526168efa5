import HessianData

/// The binary copy of a streamed fit's parsed chunks (``StreamOptions/spill``) failed: it could
/// not be created in `directory` (`$TMPDIR`, else /tmp), or writing or reading it back failed
/// (`reason`: the system's error text, e.g. "No space left on device").
public enum SpillError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreate(file: String, directory: String, reason: String)
    case writeFailed(file: String, directory: String, reason: String)
    case readFailed(file: String, directory: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let f, let dir, let reason):
            return "\(SafeText.path(f)): cannot create the temporary copy of the parsed chunks in \(SafeText.path(dir)): \(reason)"
        case .writeFailed(let f, let dir, let reason):
            return "\(SafeText.path(f)): writing the temporary copy of the parsed chunks in \(SafeText.path(dir)) failed: \(reason)"
        case .readFailed(let f, let dir, let reason):
            return "\(SafeText.path(f)): reading back the temporary copy of the parsed chunks in \(SafeText.path(dir)) failed: \(reason)"
        }
    }
}
