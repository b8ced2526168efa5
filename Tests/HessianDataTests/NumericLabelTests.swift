import Foundation
import HessianTestSupport
import Testing
@testable import HessianData

/// Issue 9 §3: numeric class labels are compared as the decimal numbers written, not as the
/// doubles they round to, and printed as first written.
@Suite struct NumericLabelTests {
    @Test func sameNumberWrittenDifferentlyIsOneLabel() {
        for spellings in [["1", "1.0", "+1", "1e0", "01.000", "0.1e1", "10E-1"], ["0", "-0", "0.000", "0e99999999999999999999"],
                          ["-2.50", "-2.5", "-25e-1"]] {
            let keys = spellings.map { NumericLabel($0) }
            #expect(keys.allSatisfy { $0 != nil && $0 == keys[0] }, "\(spellings)")
        }
    }

    @Test func distinctNumbersStayDistinctAndSortExactly() throws {
        // 2⁵³ and 2⁵³ + 1 are one double; 1e-400 and 0 too; exact order still holds.
        let ascending = ["-9007199254740993", "-9007199254740992", "-1", "0", "1e-400", "0.1", "1", "9007199254740992",
                         "9007199254740993", "18014398509481985", "1e400"]
        let keys = try ascending.map { try #require(NumericLabel($0)) }
        for a in 0..<keys.count {
            for b in 0..<keys.count {
                #expect((keys[a] < keys[b]) == (a < b), "\(ascending[a]) vs \(ascending[b])")
                #expect((keys[a] == keys[b]) == (a == b))
            }
        }
    }

    @Test func nonNumeralsAreRejected() {
        for s in ["", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "1 2", "inf", "nan"] { #expect(NumericLabel(s) == nil, "\(s)") }
    }

    /// The reader keeps the label column's texts on the serial and the parallel path alike.
    @Test func keptTextColumnOnBothPaths() throws {
        var csv = "a,y\n"
        for i in 0..<400 { csv += "\(i),\(i % 2 == 0 ? "9007199254740993" : "9007199254740992.0")\n" }
        for threads in [1, 3] {
            var reader = CSVReader(threads: threads)
            reader.minimumChunkBytes = 1
            reader.textOfLastColumn = true
            let table = try reader.parse(csv, source: "t.csv")
            let (classes, codes) = try table.categories(1)
            #expect(classes == ["9007199254740992.0", "9007199254740993"])
            #expect(codes == (0..<400).map { $0 % 2 == 0 ? 1 : 0 })
            #expect(table.text[0] == nil)
            #expect(try table.numbers(1).count == 400)
        }
        // Without the option the two labels are one double, as before.
        let merged = try CSVReader(threads: 1).parse(csv, source: "t.csv")
        #expect(try merged.categories(1).classes.count == 1)
    }
}
