/// XML character data and attribute values (double-quoted), for every XML Duly writes: the
/// parts of an .xlsx workbook and JUnit reports.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(s)
            default:
                // XML 1.0 cannot carry other control characters; they become the replacement
                // character, so a reader sees that something was there.
                if s.value < 0x20 || (0xFFFE...0xFFFF).contains(s.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(s) }
            }
        }
        return out
    }
}
