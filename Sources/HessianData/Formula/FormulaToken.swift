/// One lexical unit of a formula, with its 1-based character position.
struct FormulaToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// An identifier (dots allowed inside, as in `np.log`) or a back-quoted name.
        case name(String, quoted: Bool)
        case number(Double, text: String)
        /// A '…' or "…" literal, with the quote character it was written with.
        case string(String, quote: Character)
        /// One of ~ + - * / : ** ( ) , = and the lone `.` (all other columns).
        case symbol(String)
        case end
    }
    let kind: Kind
    let position: Int
}

/// Splits a formula into tokens. Names are Python-style identifiers (letters, digits, `_`,
/// inner `.`), or anything between backticks (`` `mean radius` ``, a doubled backtick is
/// a literal one), so column names with spaces or operators can be written.
enum FormulaLexer {
    static func tokens(_ text: String) throws -> [FormulaToken] {
        let chars = Array(text)
        var out: [FormulaToken] = []
        var i = 0
        func isNameStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
        func isNamePart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c.isWhitespace { i += 1; continue }
            if c == "`" {
                var name = ""
                var j = i + 1
                while true {
                    guard j < chars.count else { throw FormulaError("unterminated backtick-quoted name", at: position) }
                    if chars[j] == "`" {
                        if j + 1 < chars.count && chars[j + 1] == "`" { name.append("`"); j += 2; continue }
                        break
                    }
                    name.append(chars[j])
                    j += 1
                }
                if name.isEmpty { throw FormulaError("empty backtick-quoted name", at: position) }
                out.append(FormulaToken(kind: .name(name, quoted: true), position: position))
                i = j + 1
            } else if c == "'" || c == "\"" {
                var value = ""
                var j = i + 1
                while true {
                    guard j < chars.count else { throw FormulaError("unterminated string", at: position) }
                    if chars[j] == "\\" && j + 1 < chars.count { value.append(chars[j + 1]); j += 2; continue }
                    if chars[j] == c { break }
                    value.append(chars[j])
                    j += 1
                }
                out.append(FormulaToken(kind: .string(value, quote: c), position: position))
                i = j + 1
            } else if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count && (chars[j].isASCII && chars[j].isNumber || chars[j] == ".") { j += 1 }
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                    if k < chars.count && chars[k].isASCII && chars[k].isNumber {
                        j = k
                        while j < chars.count && chars[j].isASCII && chars[j].isNumber { j += 1 }
                    }
                }
                let literal = String(chars[i..<j])
                guard let v = Double(literal) else { throw FormulaError("malformed number \"\(literal)\"", at: position) }
                out.append(FormulaToken(kind: .number(v, text: literal), position: position))
                i = j
            } else if isNameStart(c) {
                var j = i + 1
                while j < chars.count && (isNamePart(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isNamePart(chars[j + 1]))) { j += 1 }
                out.append(FormulaToken(kind: .name(String(chars[i..<j]), quoted: false), position: position))
                i = j
            } else if c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                out.append(FormulaToken(kind: .symbol("**"), position: position))
                i += 2
            } else if "~+-*/:(),=.".contains(c) {
                out.append(FormulaToken(kind: .symbol(String(c)), position: position))
                i += 1
            } else {
                throw FormulaError("unexpected character \"\(c)\"", at: position)
            }
        }
        out.append(FormulaToken(kind: .end, position: chars.count + 1))
        return out
    }
}
