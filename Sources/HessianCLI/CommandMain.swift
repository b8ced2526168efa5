import ArgumentParser
import Foundation
import Hessian

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

    /// The parser's message on one line: its "Error: " prefix dropped, a quoted invalid value
    /// escaped and cut as every other excerpt (`SafeText.excerpt(_:limit:)`), a bulleted list of
    /// choices joined with commas, and any further lines joined with "; ".
    public static func oneLine(_ message: String) -> String {
        var s = safeValue(message.trimmingCharacters(in: .whitespacesAndNewlines))
        if s.hasPrefix("Error: ") { s.removeFirst("Error: ".count) }
        var parts: [String] = []
        for line in s.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line.hasPrefix("- "), let last = parts.last {
                parts[parts.count - 1] = last + (last.hasSuffix(":") ? " " : ", ") + line.dropFirst(2)
            } else {
                parts.append(line)
            }
        }
        return parts.joined(separator: "; ")
    }

    /// swift-argument-parser quotes an invalid value verbatim ("The value '…' is invalid for '--model
    /// <model>'"); a value with control characters or megabytes of text must not reach the terminal so.
    static func safeValue(_ message: String) -> String {
        guard let open = message.range(of: "The value '"),
              let close = message.range(of: "' is invalid for", options: .backwards),
              open.upperBound <= close.lowerBound else { return message }
        let value = String(message[open.upperBound..<close.lowerBound])
        return message.replacingCharacters(in: open.upperBound..<close.lowerBound, with: SafeText.excerpt(value))
    }
}
