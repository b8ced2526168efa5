import Foundation
import Hessian

/// libFuzzer harness for ``DecimalParser``, differential against glibc's correctly rounded `strtod`.
///
/// The rule: a token of fewer than 4096 bytes is in the parser's grammar when it is
/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` or `[+-]? (nan | inf | infinity)`
/// in any case (the grammar documented on `DecimalParser.parse`). In the grammar, the parser must
/// return strtod's double bit for bit (any NaN for a NaN). Outside it — hexadecimal floats,
/// spaces, `nan(…)`, empty exponents, anything strtod accepts as an extension — it must return nil.
/// Longer tokens are only checked not to crash (the parser leaves them to strtod's length limit).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecimal(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let token = UnsafeBufferPointer(start: data, count: size)
    let parsed = DecimalParser.parse(token)
    guard size < 4096 else { return 0 }
    guard inGrammar(token) else {
        precondition(parsed == nil, "accepted a token outside the grammar: \(show(token)) → \(String(describing: parsed))")
        return 0
    }
    let reference = withUnsafeTemporaryAllocation(of: CChar.self, capacity: size + 1) { buf -> Double in
        for j in 0..<size { buf[j] = CChar(bitPattern: token[j]) }
        buf[size] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(buf.baseAddress!, &end)
        precondition(end! - buf.baseAddress! == size, "strtod stopped early on \(show(token))")
        return v
    }
    guard let parsed else { preconditionFailure("rejected \(show(token)); strtod gives \(reference)") }
    precondition(parsed.bitPattern == reference.bitPattern || (parsed.isNaN && reference.isNaN),
                 "\(show(token)) → \(parsed) (0x\(String(parsed.bitPattern, radix: 16))); strtod gives \(reference) (0x\(String(reference.bitPattern, radix: 16)))")
    return 0
}

/// Whether `t` matches the grammar above (an independent recognizer, not the parser's own).
func inGrammar(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = t.count
    func isDigit(_ k: Int) -> Bool { k < n && t[k] >= 0x30 && t[k] <= 0x39 }
    if i < n && (t[i] == 0x2B || t[i] == 0x2D) { i += 1 }
    let word = String(decoding: UnsafeBufferPointer(rebasing: t[i...]), as: UTF8.self).lowercased()
    if ["nan", "inf", "infinity"].contains(word) && t[i...].allSatisfy({ $0 < 0x80 }) { return true }
    var mantissaDigits = 0
    while isDigit(i) { i += 1; mantissaDigits += 1 }
    if i < n && t[i] == 0x2E {
        i += 1
        while isDigit(i) { i += 1; mantissaDigits += 1 }
    }
    guard mantissaDigits > 0 else { return false }
    if i < n && (t[i] == 0x65 || t[i] == 0x45) {
        i += 1
        if i < n && (t[i] == 0x2B || t[i] == 0x2D) { i += 1 }
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    return i == n
}

func show(_ t: UnsafeBufferPointer<UInt8>) -> String {
    t.count <= 80 ? "\"\(String(decoding: t, as: UTF8.self))\" \(Array(t))" : "a \(t.count)-byte token"
}
