import Foundation

/// Decimal text → Double, correctly rounded, straight from bytes (no String per cell).
///
/// Fast path: up to 19 significant digits d (read eight at a time) and a decimal exponent
/// e with |e| ≤ 27. d < 2⁶⁴ is exact in the 64-bit significand of Float80, and so is 10^e
/// for 0 ≤ e ≤ 27 (10^e = 2^e·5^e, 5²⁷ < 2⁶⁴); for e < 0 the table holds fl80(10^e).
/// r = fl80(d·10^e) is then within 2 Float80 ulps of the exact value v. Rounding r to
/// Double can differ from rounding v only when a Double midpoint lies within 2 ulps of r,
/// i.e. when the 11 bits of r below Double precision are within 3 of the midpoint pattern
/// 0x400; those tokens (about 0.3 %), and every token outside the fast path, go to the C
/// library's correctly rounded `strtod`.
public enum DecimalParser {
    /// Parses the whole token `bytes` (no surrounding spaces) as a decimal number.
    /// Accepts `[+-]digits[.digits][(e|E)[+-]digits]`, and `nan`, `inf`, `infinity`
    /// (any case, optional sign) which give non-finite values. Returns nil for anything else.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if let (v, end) = fast(base, 0, bytes.count, powers), end == bytes.count { return v }
        return slow(base, 0, bytes.count)
    }

    /// Parses a Swift string (convenience for tests and small inputs).
    public static func parse(_ text: String) -> Double? {
        var s = text
        return s.withUTF8 { parse($0) }
    }

    /// fl80(10^e) for e = −27…27 at index e + 27: exact for e ≥ 0 (5²⁷ < 2⁶⁴), correctly
    /// rounded (one division of exact values) for e < 0.
    /// (A raw pointer, fetched once by the caller, so the hot loop has no lazy-initialization check.)
    nonisolated(unsafe) public static let powers: UnsafePointer<Float80> = {
        var positive: [Float80] = [1]
        for _ in 1...27 { positive.append(positive.last! * 10) }
        let table = positive.reversed().map { 1 / $0 } + positive.dropFirst()
        let p = UnsafeMutablePointer<Float80>.allocate(capacity: table.count)
        p.initialize(from: table, count: table.count)
        return UnsafePointer(p)
    }()

    /// Parses a number starting at b[i] and stopping at the first byte that cannot continue it.
    /// Returns (value, index after the number), or nil when the bytes do not start with a
    /// number or the fast path cannot guarantee a correctly rounded result (then use `slow`).
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

    /// Parses a number starting at b[i] and stopping at the first byte that cannot continue it.
    /// Returns (value, index after the number), or nil when the bytes do not start with a
    /// number or the fast path cannot guarantee a correctly rounded result (then use `slow`).
    @inlinable @inline(__always)
    static func fast(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                     _ powers: UnsafePointer<Float80>) -> (Double, Int)? {
        var i = start
        var negative = false
        if i < end && (b[i] == 0x2D || b[i] == 0x2B) { negative = b[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits in mantissa (leading zeros excluded)
        var exponent = 0
        let integerStart = i
        while i < end && b[i] == 0x30 { i += 1 }
        while i + 8 <= end && digits <= 11, let eight = eightDigits(b + i) {
            mantissa = mantissa &* 100_000_000 &+ eight
            digits += 8
            i += 8
        }
        while i < end {
            let d = b[i] &- 48
            if d > 9 { break }
            if digits == 19 { return nil }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            i += 1
        }
        var sawDigit = i > integerStart
        if i < end && b[i] == 0x2E {
            i += 1
            let fractionStart = i
            if mantissa == 0 { while i < end && b[i] == 0x30 { i += 1 } }
            while i + 8 <= end && digits <= 11, let eight = eightDigits(b + i) {
                mantissa = mantissa &* 100_000_000 &+ eight
                digits += 8
                i += 8
            }
            while i < end {
                let d = b[i] &- 48
                if d > 9 { break }
                if digits == 19 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                i += 1
            }
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
        if exponent < -27 || exponent > 27 { return nil }
        // r = fl80(d · 10^e): one rounding for e ≥ 0 (10^e exact), two for e < 0 (the table
        // holds fl80(10^e)), so |r − v| < 2 ulp₈₀; rounding r to Double is then correct
        // unless the 11 bits below Double precision are within 3 of the midpoint 0x400.
        // d < 2⁶³ converts as a signed integer (one fild, no unsigned fix-up).
        let d = mantissa < (1 << 63) ? Float80(Int64(bitPattern: mantissa)) : Float80(mantissa)
        let r = d * powers[exponent + 27]
        let low = r.significandBitPattern & 0x7FF
        if low >= 0x3FD && low <= 0x403 { return nil }
        let v = Double(r)
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
