import DulyCSV
import DulyModel
import DulySource
import DulyTime

/// Parsing cell values from bytes, arithmetically: no Foundation, no locale.
enum CellValue {
    /// `2024-09-27`, and as Excel writes it: `2024/9/27`, `2024-9-27`.
    static func date(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        if b.count == 10, let d = CivilDate.parse(utf8: b) { return d }
        guard let (parts, digits, k) = fields(b, separators: 0x2D, 0x2F, sameSeparator: true) else { return nil }
        guard k == 2, digits[0] == 4, (1...2).contains(digits[1]), (1...2).contains(digits[2]) else { return nil }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// `08:30`, `8:30`, `08:30:15` (seconds round up: 11:59:30 is not 11:59).
    static func time(_ b: UnsafeBufferPointer<UInt8>) -> TimeOfDay? {
        // `HH:MM` and `HH:MM:SS`, nearly every time a log holds, read at fixed places; anything
        // else takes the general path below.
        if b.count == 5 || b.count == 8, b[2] == 0x3A, b.count == 5 || b[5] == 0x3A {
            @inline(__always) func digit(_ i: Int) -> Int? { b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
            if let h1 = digit(0), let h2 = digit(1), let m1 = digit(3), let m2 = digit(4) {
                let seconds: Int?
                if b.count == 8 { seconds = digit(6).flatMap { s1 in digit(7).map { s1 * 10 + $0 } } } else { seconds = 0 }
                if let seconds, seconds < 60, var t = TimeOfDay(hour: h1 * 10 + h2, minute: m1 * 10 + m2) {
                    if seconds > 0 {
                        guard let up = TimeOfDay(hour: (t.minutes + 1) / 60, minute: (t.minutes + 1) % 60) else { return nil }
                        t = up
                    }
                    return t
                }
            }
        }
        guard let (parts, digits, k) = fields(b, separators: 0x3A, 0x3A, sameSeparator: false) else { return nil }
        guard k >= 1, (1...2).contains(digits[0]), digits[1] == 2, k == 1 || digits[2] == 2, parts[2] < 60 else { return nil }
        guard var t = TimeOfDay(hour: parts[0], minute: parts[1]) else { return nil }
        if parts[2] > 0 {
            guard let up = TimeOfDay(hour: (t.minutes + 1) / 60, minute: (t.minutes + 1) % 60) else { return nil }
            t = up
        }
        return t
    }

    /// Up to three runs of digits split by one of two separator bytes: their values, their digit
    /// counts and the number of separators; nil on any other byte. Values wrap rather than trap
    /// on absurdly long runs (the digit counts reject those). SIMD vectors, not arrays: no
    /// allocation per cell.
    private static func fields(_ b: UnsafeBufferPointer<UInt8>, separators first: UInt8, _ second: UInt8,
                               sameSeparator: Bool) -> (SIMD4<Int>, SIMD4<Int>, Int)? {
        var parts = SIMD4<Int>()
        var digits = SIMD4<Int>()
        var k = 0
        var sep: UInt8 = 0
        for c in b {
            if c >= 0x30 && c <= 0x39 {
                parts[k] = parts[k] &* 10 &+ Int(c - 0x30)
                digits[k] += 1
            } else if (c == first || c == second) && k < 2 && (!sameSeparator || sep == 0 || sep == c) {
                sep = c
                k += 1
            } else {
                return nil
            }
        }
        return (parts, digits, k)
    }

    /// What is wrong with a cell `text` that is not a value of its column's type (`code` is one of
    /// `badFlag`, `badNumber`, `badDate`, `badTime`, `badDuration`, `unknownOrganisation`), in
    /// both languages; the same words for students and events.
    static func problem(_ code: DataIssueCode, _ text: String) -> LocalizedText {
        switch code {
        case .badFlag: LocalizedText(en: "`\(text)` is not 是/否 (yes/no)", zh: "`\(text)` 不是“是”或“否”")
        case .badNumber: LocalizedText(en: "`\(text)` is not a whole number", zh: "`\(text)` 不是整数")
        case .badDate: LocalizedText(en: "`\(text)` is not a real date (YYYY-MM-DD)", zh: "`\(text)` 不是有效日期(格式为 YYYY-MM-DD)")
        case .badTime: LocalizedText(en: "`\(text)` is not a time of day (HH:MM)", zh: "`\(text)` 不是有效时刻(格式为 HH:MM)")
        case .badDuration: LocalizedText(en: "`\(text)` is not a duration", zh: "`\(text)` 不是有效时长")
        default: LocalizedText(en: "`\(text)` is neither an organisation ID nor a county of organisations.csv",
                               zh: "`\(text)` 既不是组织编号,也不是 organisations.csv 中的县")
        }
    }

    static let trueWords: Set<String> = ["是", "yes", "true", "1", "y", "有", "√"]
    static let falseWords: Set<String> = ["否", "no", "false", "0", "n", "无", "×"]

    static func flag(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        // 是 E6 98 AF, 否 E5 90 A6: the common cases, without making a String.
        if b.count == 3 {
            if b[0] == 0xE6 && b[1] == 0x98 && b[2] == 0xAF { return true }
            if b[0] == 0xE5 && b[1] == 0x90 && b[2] == 0xA6 { return false }
        }
        let s = String(decoding: b, as: UTF8.self).lowercased()
        if trueWords.contains(s) { return true }
        if falseWords.contains(s) { return false }
        return nil
    }

    static func number(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v = 0
        var negative = false
        for (i, c) in b.enumerated() {
            if i == 0 && c == 0x2D && b.count > 1 { negative = true; continue }
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return negative ? -v : v
    }

    /// Whether the bytes are valid UTF-8 (a cell of a file detected as UTF-8 may still not be);
    /// ASCII, the usual case for IDs, goes eight bytes at a time (`ChunkReader.isUTF8`).
    @inline(__always) static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool { ChunkReader.isUTF8(b, truncated: false) }
}
