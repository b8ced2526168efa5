/// User data (cells, column names, labels, paths) made safe to echo inside a one-line
/// message: control characters are escaped and long values are cut, so a message stays one
/// readable line whatever the file holds (a 1 MB token prints as its first 60 characters).
package enum SafeText {
    /// Longest excerpt of a cell or name shown in a message, in characters.
    package static let limit = 60

    /// Control characters escaped (\n, \r, \t, \u{1b} …) and the text cut to `limit`
    /// characters, the cut marked with "…" and the full length in bytes.
    package static func excerpt(_ s: String, limit: Int = SafeText.limit) -> String {
        var out = ""
        var shown = 0
        for c in s.unicodeScalars {
            if shown >= limit {
                return out + "… (\(s.utf8.count) bytes)"
            }
            out += escaped(c)
            shown += 1
        }
        return out
    }

    /// Control characters escaped, nothing cut (for file names, which the user typed).
    package static func path(_ s: String) -> String {
        s.unicodeScalars.map(escaped).joined()
    }

    static func escaped(_ c: Unicode.Scalar) -> String {
        switch c {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\\": return "\\"
        default:
            if c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029 {
                return "\\u{" + String(c.value, radix: 16) + "}"
            }
            return String(c)
        }
    }
}
