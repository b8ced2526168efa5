import Foundation

/// Decimal text → Double, correctly rounded, straight from bytes (no String per cell).
///
/// Fast path, integers only: up to 19 significant digits d (read eight at a time, d < 2⁶⁴)
/// and a decimal exponent e with |e| ≤ 27; d is normalized to d′ = d·2^L with its top bit set.
/// - e ≥ 0: d′·5^e is an exact 128-bit product (5²⁷ < 2⁶³), so its top 64 bits, a sticky bit
///   for the rest, and round-half-even to 53 bits give the correctly rounded d·10^e = d′·5^e·2^(e−L).
/// - e = −k < 0: with the table value R = ⌊2^(127+s)/5^k⌋ + 1 (s the bit length of 5^k), the
///   192-bit product d′·R exceeds the exact d′·2^(127+s)/5^k by less than 2⁶⁴, i.e. less than one
///   unit of the 64-bit window t taken below its leading bit. So t is ⌊exact⌋ or ⌊exact⌋ + 1, and
///   rounding t to 53 bits is correct unless its 11 dropped bits are within one of the midpoint
///   0x400; those tokens (3 in 2048), and every token outside the fast path, go to the C
///   library's correctly rounded `strtod`.
package enum DecimalParser {
    /// Parses the whole token `bytes` (no surrounding spaces) as a decimal number.
    /// Accepts `[+-]digits[.digits][(e|E)[+-]digits]`, and `nan`, `inf`, `infinity`
    /// (any case, optional sign) which give non-finite values. Returns nil for anything else.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if let (v, end) = fast(base, 0, bytes.count, powers), end == bytes.count { return v }
        return slow(base, 0, bytes.count)
    }

    /// Parses a Swift string (convenience for tests and small inputs).
    package static func parse(_ text: String) -> Double? {
        var s = text
        return s.withUTF8 { parse($0) }
    }

    /// Per k = 0…27, four words: 5^k, then (k ≥ 1) R = ⌊2^(127+s)/5^k⌋ + 1 as (high, low) and
    /// s = bit length of 5^k; then at ``exactPowersOfTen`` + k, k = 0…22, the bit patterns of
    /// the doubles 10^k (all exact: 5²² < 2⁵³). A raw pointer, fetched once by the caller, so
    /// the hot loop has no lazy-initialization check.
    nonisolated(unsafe) package static let powers: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 28 * 4 + 23)
        var ten = 1.0
        for k in 0...22 {
            table[exactPowersOfTen + k] = ten.bitPattern
            ten *= 10
        }
        var five: UInt64 = 1
        for k in 0...27 {
            let s = 64 - five.leadingZeroBitCount
            var high: UInt64 = 0, low: UInt64 = 0
            if k > 0 {
                // Long division of 2^(127+s) (three 64-bit words) by 5^k.
                let bit = 127 + s
                var words: [UInt64] = [0, 0, 0]                // most significant first
                words[2 - bit / 64] = 1 << UInt64(bit % 64)
                var remainder: UInt64 = 0
                var quotient: [UInt64] = []
                for w in words {
                    let (q, r) = five.dividingFullWidth((high: remainder, low: w))
                    quotient.append(q)
                    remainder = r
                }
                precondition(quotient[0] == 0)
                let (lowPlusOne, carry) = quotient[2].addingReportingOverflow(1)
                low = lowPlusOne
                high = quotient[1] &+ (carry ? 1 : 0)
            }
            table[4 * k] = five
            table[4 * k + 1] = high
            table[4 * k + 2] = low
            table[4 * k + 3] = UInt64(s)
            five = five &* 5
        }
        return UnsafePointer(table)
    }()

    /// Where the exact doubles 10⁰…10²² start in ``powers``.
    @usableFromInline static let exactPowersOfTen = 28 * 4

    /// Eight ASCII digits at p as their decimal value, or nil if any byte is not a digit.
    /// SWAR: all eight bytes are checked and combined in a few 64-bit operations
    /// (pairs, then quadruples, then the whole: d₀…d₇ = ((10d₀+d₁)·10⁶ + (10d₂+d₃)·10⁴ + …)).
    @inlinable @inline(__always)
    static func eightDigits(_ p: UnsafePointer<UInt8>) -> UInt64? {
        let chunk = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian
        let high = chunk & 0xF0F0_F0F0_F0F0_F0F0
        let shifted = (chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        guard high == 0x3030_3030_3030_3030 && shifted == 0x3030_3030_3030_3030 else { return nil }
        var v = chunk &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let pairsHigh: UInt64 = 100 &+ (1_000_000 << 32)
        let pairsLow: UInt64 = 1 &+ (10_000 << 32)
        return (((v & mask) &* pairsHigh) &+ (((v >> 16) & mask) &* pairsLow)) >> 32
    }

    /// Appends the run of digits at b[i...] to `mantissa`: eight at a time while they fit, then byte
    /// by byte up to 19 significant digits. Returns false when a 20th digit follows (the token then
    /// goes to `slow`); otherwise `i` is left on the first non-digit.
    @inlinable @inline(__always)
    static func digitRun(_ b: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int,
                         _ mantissa: inout UInt64, _ digits: inout Int) -> Bool {
        while i + 8 <= end && digits <= 11, let eight = eightDigits(b + i) {
            mantissa = mantissa &* 100_000_000 &+ eight
            digits += 8
            i += 8
        }
        let limit = Swift.min(end, i + (19 - digits))
        let runStart = i
        while i < limit {
            let d = b[i] &- 48
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        if i == limit && i < end && b[i] &- 48 <= 9 { return false }
        digits += i - runStart
        return true
    }

    /// Parses a number starting at b[i] and stopping at the first byte that cannot continue it.
    /// Returns (value, index after the number), or nil when the bytes do not start with a
    /// number or the fast path cannot guarantee a correctly rounded result (then use `slow`).
    @inlinable @inline(__always)
    static func fast(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                     _ powers: UnsafePointer<UInt64>) -> (Double, Int)? {
        var i = start
        var negative = false
        if i < end && (b[i] == 0x2D || b[i] == 0x2B) { negative = b[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits in mantissa (leading zeros excluded)
        var exponent = 0
        let integerStart = i
        while i < end && b[i] == 0x30 { i += 1 }
        guard digitRun(b, &i, end, &mantissa, &digits) else { return nil }
        var sawDigit = i > integerStart
        if i < end && b[i] == 0x2E {
            i += 1
            let fractionStart = i
            if mantissa == 0 { while i < end && b[i] == 0x30 { i += 1 } }
            guard digitRun(b, &i, end, &mantissa, &digits) else { return nil }
            exponent = fractionStart - i
            if i > fractionStart { sawDigit = true }
        }
        if !sawDigit { return nil }
        if i < end && (b[i] | 0x20) == 0x65 {
            i += 1
            var expNegative = false
            if i < end && (b[i] == 0x2D || b[i] == 0x2B) { expNegative = b[i] == 0x2D; i += 1 }
            var e = 0
            var expDigits = 0
            while i < end {
                let d = b[i] &- 48
                if d > 9 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return nil }
            exponent += expNegative ? -e : e
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, i) }
        // Clinger's fast path: d ≤ 2⁵³ and 10^|e| ≤ 10²² are exact doubles, so one IEEE
        // multiplication or division gives the correctly rounded d·10^e.
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let d = Double(mantissa)
            let v = exponent < 0 ? d / Double(bitPattern: powers[exactPowersOfTen - exponent])
                                 : d * Double(bitPattern: powers[exactPowersOfTen + exponent])
            return (negative ? -v : v, i)
        }
        if exponent < -27 || exponent > 27 { return nil }
        let shift = mantissa.leadingZeroBitCount
        let m = mantissa << UInt64(shift)
        // top: the 64 bits below the leading 1 of the exact value (bit 63 set); value ≈ top·2^scale.
        var top: UInt64
        var scale: Int
        if exponent >= 0 {
            let (high, low) = m.multipliedFullWidth(by: powers[4 * exponent])
            if high == 0 {
                top = low
                scale = exponent - shift
            } else {
                let z = high.leadingZeroBitCount
                top = (high << UInt64(z)) | ((low >> 1) &>> UInt64(63 - z))
                // Bits below the window only matter as "not exactly half": fold them into bit 0.
                top |= (low << UInt64(z)) != 0 ? 1 : 0
                scale = 64 - z + exponent - shift
            }
        } else {
            let k = -exponent
            let rHigh = powers[4 * k + 1], rLow = powers[4 * k + 2], s = Int(powers[4 * k + 3])
            let (a1, _) = m.multipliedFullWidth(by: rLow)
            let (b1, b0) = m.multipliedFullWidth(by: rHigh)
            let (middle, carry) = b0.addingReportingOverflow(a1)
            let upper = b1 &+ (carry ? 1 : 0)
            let z = upper.leadingZeroBitCount                 // 0 or 1: the product is ≥ 2¹⁹⁰
            top = (upper << UInt64(z)) | ((middle >> 1) &>> UInt64(63 - z))
            // value = P·2^(−127−s−L−k) with P ≈ top·2^(128−z)
            scale = 1 - z - s - shift - k
            let dropped = top & 0x7FF
            if dropped >= 0x3FF && dropped <= 0x401 { return nil }
        }
        // Double(top) rounds half-even to 53 bits (the sticky bit is already in bit 0); the power
        // of two 2^scale is exact and the product is a normal double for |e| ≤ 27, so exact too.
        let v = Double(top) * Double(bitPattern: UInt64(scale + 1023) << 52)
        return (negative ? -v : v, i)
    }

    /// The careful path: checks the token's shape, then lets `strtod` (correctly rounded in
    /// glibc) convert it. Hexadecimal floats and other strtod extensions are rejected.
    @usableFromInline
    static func slow(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let n = end - start
        guard n > 0, n < 4096 else { return nil }
        var i = start
        if b[i] == 0x2D || b[i] == 0x2B { i += 1 }
        // nan / inf / infinity, any case.
        var word = ""
        if i < end && (b[i] | 0x20) >= 0x61 && (b[i] | 0x20) <= 0x7A {
            for k in i..<end { word.append(Character(Unicode.Scalar(b[k] | 0x20))) }
            guard word == "nan" || word == "inf" || word == "infinity" else { return nil }
            let negative = b[start] == 0x2D
            if word == "nan" { return .nan }
            return negative ? -.infinity : .infinity
        }
        var digits = 0, dots = 0
        var k = i
        while k < end {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 { digits += 1 } else if c == 0x2E { dots += 1 } else if (c | 0x20) == 0x65 { break } else { return nil }
            k += 1
        }
        guard digits > 0, dots <= 1 else { return nil }
        if k < end {
            k += 1
            if k < end && (b[k] == 0x2D || b[k] == 0x2B) { k += 1 }
            guard k < end else { return nil }
            while k < end { guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }; k += 1 }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
            for j in 0..<n { buf[j] = CChar(bitPattern: b[start + j]) }
            buf[n] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buf.baseAddress!, &endPointer)
            guard let e = endPointer, e - buf.baseAddress! == n else { return nil }
            return v
        }
    }
}
