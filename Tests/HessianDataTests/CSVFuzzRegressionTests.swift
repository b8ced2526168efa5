import Foundation
import HessianTestSupport
import Testing
@testable import HessianData

/// Inputs found by the libFuzzer CSV harness (Fuzz/csv): the chunked parallel parse must give the
/// serial parse's table or its error. Each case is the harness's input decoded: the delimiter,
/// the header flag, threads and minimum chunk bytes, then the file's bytes.
@Suite struct CSVFuzzRegressionTests {
    func expectSameOutcome(_ bytes: [UInt8], delimiter: UInt8, hasHeader: Bool, threads: Int, chunk: Int,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let serial = CSVReader(delimiter: delimiter, hasHeader: hasHeader, threads: 1)
        var chunked = CSVReader(delimiter: delimiter, hasHeader: hasHeader, threads: threads)
        chunked.minimumChunkBytes = chunk
        let a = bytes.withUnsafeBufferPointer { b in Result { try serial.parse(b, source: "f.csv") } }
        let b = bytes.withUnsafeBufferPointer { b in Result { try chunked.parse(b, source: "f.csv") } }
        switch (a, b) {
        case (.success(let s), .success(let p)):
            #expect(s.names == p.names && s.lines == p.lines && s.text == p.text && s.problems == p.problems,
                    sourceLocation: sourceLocation)
            #expect(s.values.storage.map(\.bitPattern) == p.values.storage.map(\.bitPattern), sourceLocation: sourceLocation)
        case (.failure(let e), .failure(let f)):
            #expect("\(e)" == "\(f)", sourceLocation: sourceLocation)
        default:
            Issue.record("serial \(a) vs chunked \(b)", sourceLocation: sourceLocation)
        }
    }

    @Test func nulBytesBlankLinesAndDigitDelimiter() {
        let file = Array("\0\0\0\0\0\0\0\0".utf8) + Array("7177777777e".utf8) + [UInt8](repeating: 0x0A, count: 16) + Array("77".utf8)
        expectSameOutcome(file, delimiter: UInt8(ascii: "7"), hasHeader: false, threads: 4, chunk: 13)
    }

    /// The fast number path scanned past a delimiter that can occur in a number: with delimiter "."
    /// "1.5" was read as the one cell 1.5 (a silent wrong answer), with "7" "172" as 172.
    @Test func delimiterInsideANumberSplitsIt() throws {
        let point = try CSVReader(delimiter: UInt8(ascii: "."), threads: 1).parse("a.b\n1.5\n-2.25\n")
        #expect(try point.numbers(0) == [1, -2])
        #expect(try point.numbers(1) == [5, 25])
        let seven = try CSVReader(delimiter: UInt8(ascii: "7"), threads: 1).parse("a7b\n172\n3e27-1\n")
        #expect(try seven.numbers(0) == [1, 300])
        #expect(try seven.numbers(1) == [2, -1])
        let e = try CSVReader(delimiter: UInt8(ascii: "e"), threads: 1).parse("xey\n2e3\n")
        #expect(try e.numbers(0) == [2] && (try e.numbers(1)) == [3])
    }
}
