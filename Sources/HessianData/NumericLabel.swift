/// The exact value of a decimal numeral, so that numeric class labels are compared as the
/// numbers written rather than as the doubles they round to: "1", "1.0", "+1" and "1e0" are
/// one label, while 9007199254740992 and 9007199254740993 (the same double) are two.
///
/// The value is (−1)^negative × 0.d₁d₂…dₙ × 10^exponent with d₁ ≠ 0 and dₙ ≠ 0 (zero has no
/// digits and is never negative), a canonical form in which equal numbers are equal fields.
package struct NumericLabel: Hashable, Comparable {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    /// Parses [+-]digits[.digits][(e|E)[+-]digits] (surrounding spaces allowed); nil otherwise.
    package init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes.removeLast() }
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var all: [UInt8] = []
        var pointPosition: Int? = nil
        while let c = bytes.first, isDigit(c) || (c == UInt8(ascii: ".") && pointPosition == nil) {
            if c == UInt8(ascii: ".") { pointPosition = all.count } else { all.append(c - 0x30) }
            bytes.removeFirst()
        }
        guard !all.isEmpty else { return nil }
        var exponent = 0
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes.removeFirst()
            var sign = 1
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                sign = s == UInt8(ascii: "-") ? -1 : 1
                bytes.removeFirst()
            }
            guard let first = bytes.first, isDigit(first) else { return nil }
            while let d = bytes.first, isDigit(d) {
                // Saturate: beyond 10¹⁵ only the ordering of absurd exponents matters.
                exponent = Swift.min(exponent * 10 + Int(d - 0x30), 1_000_000_000_000_000)
                bytes.removeFirst()
            }
            exponent *= sign
        }
        guard bytes.isEmpty else { return nil }
        // 0.d₁…dₙ × 10^e: the integer part's length shifts the exponent; leading zeros lower it.
        var e = exponent + (pointPosition ?? all.count)
        var start = 0
        while start < all.count && all[start] == 0 { start += 1; e -= 1 }
        var end = all.count
        while end > start && all[end - 1] == 0 { end -= 1 }
        if start == end {
            self.init(negative: false, digits: [], exponent: 0)
        } else {
            self.init(negative: negative, digits: Array(all[start..<end]), exponent: e)
        }
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    /// Compares magnitudes: more integer digits first, then digit by digit.
    static func magnitudeLess(_ a: NumericLabel, _ b: NumericLabel) -> Bool {
        if a.digits.isEmpty || b.digits.isEmpty { return a.digits.isEmpty && !b.digits.isEmpty }
        if a.exponent != b.exponent { return a.exponent < b.exponent }
        return a.digits.lexicographicallyPrecedes(b.digits)
    }

    package static func < (a: NumericLabel, b: NumericLabel) -> Bool {
        if a.negative != b.negative { return a.negative }
        return a.negative ? magnitudeLess(b, a) : magnitudeLess(a, b)
    }
}
