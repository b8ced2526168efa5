import Foundation

/// The libFuzzer entry point `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`
/// (pointer and integer arguments only, so the Swift and C calling conventions agree on x86-64 and arm64).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Runs libFuzzer on `callback` with the process's arguments and exits with its status.
///
/// Why not libFuzzer's own `main`: SwiftPM debug builds rename an executable's entry point and
/// link `main` to it, so a harness must have a `main.swift`; it hands control to libFuzzer here.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
