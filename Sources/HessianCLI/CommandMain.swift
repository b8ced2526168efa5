import ArgumentParser
import Foundation

/// The entry point of `fit` and `predict`, replacing swift-argument-parser's `main()` so that
/// every failure is one line on stderr prefixed with the command's name (the parser's own
/// errors come with a usage block otherwise), help and `--version` go through the same
/// checked writes as the rest of the output, and the standard streams are prepared first.
public enum CommandMain {
    public static func run<Command: ParsableCommand>(_ type: Command.Type, name: String,
                                                     arguments: [String]? = nil) -> Never {
        StandardStreams.prepare()
        let status: Int32
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
            status = ExitStatus.success.rawValue
        } catch let e as ExitCode {
            // Thrown by runReportingErrors, which has already printed the one line.
            status = e.rawValue
        } catch {
            let code = type.exitCode(for: error)
            if code == .success {
                // --help, --version.
                do { try Console.output(type.fullMessage(for: error) + "\n"); status = 0 } catch {
                    Console.error("\(name): \(error)")
                    status = ExitStatus.ioError.rawValue
                }
            } else {
                Console.error("\(name): " + oneLine(type.message(for: error)))
                status = code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue
            }
        }
        exit(status == 0 && Console.errorStreamFailed ? ExitStatus.ioError.rawValue : status)
    }

    /// The parser's message with its "Error: " prefix dropped and any further lines joined.
    static func oneLine(_ message: String) -> String {
        var s = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasPrefix("Error: ") { s.removeFirst("Error: ".count) }
        return s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
