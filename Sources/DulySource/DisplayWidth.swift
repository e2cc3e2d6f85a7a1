/// Terminal display width: East Asian wide and full-width characters take two columns.
///
/// Used to line carets up under Chinese text and to align table columns; a diagnostic's
/// reported column still counts characters.
public enum DisplayWidth {
    public static func of(_ c: Character) -> Int {
        guard let scalar = c.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x1100 { return 1 }
        if isWide(v) { return 2 }
        return 1
    }

    public static func of<S: StringProtocol>(_ s: S) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    /// Pads `s` with spaces on the right to `width` display columns.
    public static func pad<S: StringProtocol>(_ s: S, to width: Int) -> String {
        let w = of(s)
        return String(s) + String(repeating: " ", count: max(0, width - w))
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
