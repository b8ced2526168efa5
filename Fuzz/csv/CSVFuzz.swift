import Hessian

/// libFuzzer harness for ``CSVReader``: byte 0 picks the delimiter (any byte the CLI accepts:
/// ASCII, not `"`, LF or CR — otherwise `,`), byte 1 the header flag, the thread count (1–4) and
/// the minimum chunk size (1–64 bytes, so that tiny inputs take the chunked parallel path).
/// The rest is the file. The serial parse is the oracle: the chunked parse must give the same
/// table bit for bit (each cell goes through the same parser) or the same error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let d = data[0]
    let delimiter = d < 0x80 && d != 0x22 && d != 0x0A && d != 0x0D ? d : UInt8(ascii: ",")
    let control = data[1]
    let hasHeader = control & 1 == 0
    let threads = Int((control >> 1) & 3) + 1
    let bytes = UnsafeBufferPointer(start: data + 2, count: size - 2)

    let serial = CSVReader(delimiter: delimiter, hasHeader: hasHeader, threads: 1)
    var chunked = CSVReader(delimiter: delimiter, hasHeader: hasHeader, threads: threads)
    chunked.minimumChunkBytes = Int(control >> 3) * 2 + 1
    let a = Result { try serial.parse(bytes, source: "fuzz.csv") }
    let b = Result { try chunked.parse(bytes, source: "fuzz.csv") }
    switch (a, b) {
    case (.success(let s), .success(let p)):
        precondition(s.names == p.names && s.lines == p.lines && s.text == p.text && s.problems == p.problems,
                     "serial and chunked tables differ")
        precondition(s.values.rows == p.values.rows && s.values.columns == p.values.columns
                     && s.values.storage.map(\.bitPattern) == p.values.storage.map(\.bitPattern),
                     "serial and chunked numbers differ")
        // Reading each column as numbers reports its first bad cell (or succeeds).
        for j in 0..<s.columnCount {
            _ = try? s.numbers(j)
            _ = try? s.categories(j)
            _ = s.problemError(j)?.description
        }
    case (.failure(let e), .failure(let f)):
        precondition("\(e)" == "\(f)", "serial and chunked errors differ: \(e) | \(f)")
    default:
        preconditionFailure("one path failed, the other did not: \(a) | \(b)")
    }
    return 0
}
