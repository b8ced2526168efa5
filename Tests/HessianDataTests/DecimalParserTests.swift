import Foundation
import HessianTestSupport
import Testing
@testable import HessianData

/// The reference is the C library's correctly rounded strtod, reached through Swift's
/// `Double(String)`; the fast path must agree bit for bit.
@Suite struct DecimalParserTests {
    func same(_ s: String) -> Bool {
        guard let mine = DecimalParser.parse(s), let ref = Double(s) else { return false }
        return mine.bitPattern == ref.bitPattern || (mine.isNaN && ref.isNaN)
    }

    @Test func simpleValues() {
        #expect(DecimalParser.parse("0") == 0)
        #expect(DecimalParser.parse("-0")?.sign == .minus)
        #expect(DecimalParser.parse("1.5") == 1.5)
        #expect(DecimalParser.parse("+2e3") == 2000)
        #expect(DecimalParser.parse(".25") == 0.25)
        #expect(DecimalParser.parse("3.") == 3)
        #expect(DecimalParser.parse("1E-2") == 0.01)
    }

    @Test func rejectsNonNumbers() {
        for s in ["", "-", ".", "e5", "1e", "1e+", "abc", "1.2.3", "0x10", "1,5", "12abc", "--1", "1e5.5", " "] {
            #expect(DecimalParser.parse(s) == nil, "\(s)")
        }
    }

    @Test func nonFiniteWords() {
        #expect(DecimalParser.parse("nan")?.isNaN == true)
        #expect(DecimalParser.parse("NaN")?.isNaN == true)
        #expect(DecimalParser.parse("-Inf") == -.infinity)
        #expect(DecimalParser.parse("infinity") == .infinity)
        #expect(DecimalParser.parse("1e999") == .infinity)
    }

    @Test func hardRoundingCases() {
        let cases = [
            "9007199254740993",          // 2⁵³ + 1: a tie, rounds to even
            "9007199254740995",
            "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "2.2250738585072011e-308",
            "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
            "0.30000000000000004", "123456789012345678901234567890",
            "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125",
            "3.0517578125e-05", "0.000000000000000000000000000001",
            "1448997445238699", "5e-324", "9.999999999999999e22", "1.2345678901234567e-05",
            "18446744073709551615", "18446744073709551616", "9999999999999999999",
            "4503599627370497.5", "4503599627370496.5", "9007199254740993e3", "9007199254740995e-5",
            "1.7976931348623157e27", "123456789012345678e-27", "1e27", "1e-27", "5e-27",
            // the edges of the exact-double path (d ≤ 2⁵³, |e| ≤ 22)
            "9007199254740992e-22", "9007199254740992e22", "9007199254740993e-22", "1e22", "1e-22",
            "1e23", "1e-23", "9007199254740991.5", "-0.53342", "0.00001",
            // 19 significant digits (the fast path's limit) and 20
            "1234567890123456789", "12345678901234567890", "0.1234567890123456789", "0.12345678901234567890",
            "123456789.0123456789", "1234567890.123456789", "00000000000000000000001.5", "0.000000000000000000001234567890123456789",
        ]
        for s in cases { #expect(same(s), "\(s)") }
    }

    @Test func randomTokensAgreeWithStrtod() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...20, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            var body = ""
            for _ in 0..<digits { body.append(Character(String(Int.random(in: 0...9, using: &rng)))) }
            let point = Int.random(in: 0...digits, using: &rng)
            if point < digits { body.insert(".", at: body.index(body.startIndex, offsetBy: point)) }
            s += body
            if Bool.random(using: &rng) { s += "e\(Int.random(in: -40...40, using: &rng))" }
            #expect(same(s), "\(s)")
        }
        // Shortest round-trip representations of random doubles.
        for _ in 0..<100_000 {
            let x = Double(bitPattern: UInt64.random(in: 0x0010_0000_0000_0000...0x7FEF_FFFF_FFFF_FFFF, using: &rng))
            #expect(DecimalParser.parse("\(x)") == x, "\(x)")
        }
    }
}
