/// Text from files made elsewhere (case data, policy files under review) made safe to show on a
/// terminal or in a table.
///
/// A cell or a name can hold control characters: ESC starts a terminal escape sequence that can
/// recolour, move the cursor or retitle the window; BEL rings; NUL and the C1 controls confuse
/// terminals and pagers; the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) make text
/// read in a different order than it is stored ("Trojan Source"). Each is shown as a visible
/// escape instead, so what a clerk or a CI log shows is what the file holds.
public enum TerminalText {
    /// `s` with every control character and bidirectional override written as an escape:
    /// `\n`, `\r`, `\t`, `\x1B` (C0, DEL and C1 controls), `\u{202E}` (overrides).
    public static func visible(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{\(hex)}"
            }
        }
        return out
    }

    /// Each line of `s` made visible, the line breaks kept (for multi-line warnings).
    public static func visibleLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }

    @inline(__always) static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return), prefixed with `'` so Excel and WPS show it as text; a plain
    /// number (`-3`, `+5`, `-1.5`) is left alone, so a column of days left stays numeric.
    public static func spreadsheetSafe(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if first == "-" || first == "+" {
            let rest = cell.unicodeScalars.dropFirst()
            var digits = 0, dots = 0
            for c in rest {
                if c.properties.numericType == .decimal && c.isASCII { digits += 1 } else if c == "." { dots += 1 } else { digits = -1; break }
            }
            if digits > 0 && dots <= 1 { return cell }
        }
        return "'" + cell
    }
}
