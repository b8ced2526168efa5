import Foundation

/// The outcome of work done on another thread.
final class ThreadResult<T>: @unchecked Sendable {
    var value: Result<T, Error>?
}

/// Runs `body` on a new thread with a stack of `bytes` and returns its result, rethrowing its
/// error: a test that recursion stays within a fixed stack, whatever thread the runner uses.
func onThread<T>(stack bytes: Int, _ body: @escaping @Sendable () throws -> T) throws -> T {
    let box = ThreadResult<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = Result { try body() }
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return try box.value!.get()
}
