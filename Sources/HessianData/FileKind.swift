/// What a path names when it is not a regular file: the kinds of input `fit` and `predict`
/// refuse, since they must know the size of what they read and may read it more than once.
public enum FileKind: String, Sendable, Equatable {
    case directory = "a directory"
    case fifo = "a FIFO (named pipe) or pipe"
    case characterDevice = "a character device"
    case blockDevice = "a block device"
    case socket = "a socket"
    case other = "a special file"
}
