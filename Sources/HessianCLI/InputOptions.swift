import ArgumentParser
import Foundation
import Hessian

/// CSV reading options shared by fit and predict.
struct InputOptions: ParsableArguments {
    @Option(help: "Field delimiter: one character, or 'tab'.")
    var delimiter: String = ","

    @Flag(name: .customLong("no-header"), help: "The file has no header row; columns are named x1, x2, ….")
    var noHeader = false

    func reader() throws -> CSVReader {
        let d: UInt8
        switch delimiter {
        case "tab", "\\t", "\t": d = 0x09
        default:
            guard delimiter.utf8.count == 1, let b = delimiter.utf8.first, b != 0x22, b != 0x0A, b != 0x0D else {
                throw CLIError(description: "--delimiter must be one ASCII character (or 'tab'), got \"\(SafeText.excerpt(delimiter))\"", status: .usage)
            }
            d = b
        }
        return CSVReader(delimiter: d, hasHeader: !noHeader)
    }

    /// Reads the table; with `trace`, reports size, shape and throughput on stderr. With
    /// `labels`, that column's texts are kept (class labels compared and printed as written);
    /// `.some(nil)` means the last column.
    func read(_ path: String, trace: Bool, labels: String?? = nil) throws -> Table {
        let start = Date()
        var reader = try reader()
        switch labels {
        case .some(.some(let name)): reader.textColumns = [name]
        case .some(.none): reader.textOfLastColumn = true
        case .none: break
        }
        let table = try reader.read(file: path)
        if trace {
            let seconds = Date().timeIntervalSince(start)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
            Console.error(String(format: "read %@: %.1f MB, %d rows × %d columns in %.3f s (%.0f MB/s)",
                                 path, bytes / 1e6, table.rowCount, table.columnCount, seconds, bytes / 1e6 / max(seconds, 1e-9)))
        }
        return table
    }
}

/// The model-file coders, which live in the library (``/HessianEstimation/ModelJSON``); `package` for the fuzz harnesses.
package enum JSON {
    static func encoder() -> JSONEncoder { ModelJSON.encoder() }
    package static func decoder() -> JSONDecoder { ModelJSON.decoder() }
}

/// Runs a command body, turning every thrown error into one line on stderr and its exit status.
func runReportingErrors(_ command: String, _ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        Console.error("\(command): " + CLIAdvice.message(error))
        throw ExitCode(ExitStatus.of(error).rawValue)
    }
    if status != .success { throw ExitCode(status.rawValue) }
}
