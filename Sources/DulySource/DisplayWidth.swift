/// Terminal display width: East Asian wide and full-width characters take two columns.
///
/// Used to line carets up under Chinese text and to align table columns; a diagnostic's
/// reported column still counts characters.
public enum DisplayWidth {
    /// Columns one character takes: 2 for East Asian wide and full-width characters, 0 for
    /// combining marks and zero-width characters, 1 otherwise.
    public static func of(_ c: Character) -> Int {
        var width = 0
        for scalar in c.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0, 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
            default: width += isWide(v) ? 2 : 1
            }
        }
        return min(width, 2)
    }

    public static func of<S: StringProtocol>(_ s: S) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    /// `s` padded with spaces to `width` columns, left-aligned (or right-aligned when asked).
    public static func pad<S: StringProtocol>(_ s: S, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return right ? fill + String(s) : String(s) + fill
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
