import DulySource

/// Splits a source file into tokens, reporting bad characters, strings and literals as
/// diagnostics and carrying on, so one run shows every lexical error.
///
/// Works on Unicode scalars with byte offsets: CJK text is one scalar per character, and
/// byte offsets are what `Span` stores.
public struct Lexer {
    /// The largest number a policy can write; a larger one is reported (D0116) and read as
    /// `largestNumber + 1`.
    public static let largestNumber = 1_000_000_000
    let file: SourceFile
    let scalars: [Unicode.Scalar]
    /// Byte offset of each scalar, plus one past the end.
    let offsets: [Int]
    var i = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// A carriage return not followed by a line feed was reported (once per file).
    var reportedLoneCarriageReturn = false

    public init(file: SourceFile) {
        self.file = file
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(file.bytes.count)
        var offset = 0
        for s in file.text.unicodeScalars {
            scalars.append(s)
            offsets.append(offset)
            offset += UTF8.width(s)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .end { break }
        }
        return (tokens, lexer.diagnostics)
    }

    /// The first word of `file` (the keyword of its first declaration), lexing no further:
    /// finding a policy tree's root asks it of every file on the way up, and tokenizing each
    /// whole file for one word was most of the time `duly check` took before parsing.
    public static func firstWord(of file: SourceFile) -> String? {
        var lexer = Lexer(file: file)
        while true {
            let t = lexer.next()
            if t.kind == .end { return nil }
            if case .word = t.kind { return t.word }
        }
    }

    /// The text of scalars `start..<end`, from the file's UTF-8 bytes (one copy; building it
    /// scalar by scalar encoded each one again).
    func slice(_ start: Int, _ end: Int) -> String {
        String(decoding: file.bytes[offsets[start]..<offsets[end]], as: UTF8.self)
    }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < scalars.count ? scalars[i + k] : nil }

    mutating func error(_ code: DiagnosticCode, _ span: Span, en: String, zh: String, help: LocalizedText? = nil) {
        diagnostics.append(Diagnostic(code, path: file.path, span: span, message: LocalizedText(en: en, zh: zh), help: help))
    }

    /// A carriage return must be part of a CRLF line end: alone (old Mac line ends, or one pasted
    /// into a comment or string) it would end a line for some editors and not for others, and
    /// `fmt` could not print it in canonical form. Reported once per file.
    mutating func checkCarriageReturn() {
        guard peek() == "\r", peek(1) != "\n", !reportedLoneCarriageReturn else { return }
        reportedLoneCarriageReturn = true
        error(.unexpectedCharacter, Span(start: offsets[i], end: offsets[i + 1]),
              en: "a carriage return without a line feed", zh: "回车符后没有换行符",
              help: LocalizedText(en: "save the file with LF or CRLF line ends", zh: "请以 LF 或 CRLF 换行保存文件"))
    }

    mutating func next() -> Token {
        var spaceBefore = i == 0
        while let c = peek(), c == " " || c == "\t" || c == "\r" || c == "\u{3000}" || c == "\u{FEFF}" {
            checkCarriageReturn()
            i += 1
            spaceBefore = true
        }
        if i > 0, scalars[i - 1] == "\n" { spaceBefore = true }
        let start = i
        guard let c = peek() else {
            return Token(kind: .end, span: .at(offsets[scalars.count]), spaceBefore: true)
        }
        func make(_ kind: TokenKind) -> Token {
            Token(kind: kind, span: Span(start: offsets[start], end: offsets[i]), spaceBefore: spaceBefore)
        }
        switch c {
        case "\n", ";", "；":
            i += 1
            return make(.newline)
        case "#":
            return make(.comment(lexComment()))
        case "/" where peek(1) == "/":
            return make(.comment(lexComment()))
        case "/": i += 1; return make(.slash)
        case "{", "｛": i += 1; return make(.leftBrace)
        case "}", "｝": i += 1; return make(.rightBrace)
        case "(", "（": i += 1; return make(.leftParen)
        case ")", "）": i += 1; return make(.rightParen)
        case ",", "，", "、": i += 1; return make(.comma)
        case ":", "：": i += 1; return make(.colon)
        case "→": i += 1; return make(.arrow)
        case "≤": i += 1; return make(.compare(.lessOrEqual))
        case "≥": i += 1; return make(.compare(.greaterOrEqual))
        case "≠": i += 1; return make(.compare(.notEqual))
        case "-" where peek(1) == ">": i += 2; return make(.arrow)
        case "=", "＝":
            i += 1
            if peek() == "=" { i += 1; return make(.compare(.equal)) }
            return make(.equals)
        case "!" where peek(1) == "=": i += 2; return make(.compare(.notEqual))
        case "<":
            i += 1
            if peek() == "=" { i += 1; return make(.compare(.lessOrEqual)) }
            return make(.compare(.less))
        case ">":
            i += 1
            if peek() == "=" { i += 1; return make(.compare(.greaterOrEqual)) }
            return make(.compare(.greater))
        case ".":
            i += 1
            if peek() == "." { i += 1; return make(.dotDot) }
            return make(.dot)
        case "\"", "“", "「":
            return lexString(start: start, spaceBefore: spaceBefore)
        default:
            break
        }
        if c.isASCIIDigit { return lexNumeric(start: start, spaceBefore: spaceBefore) }
        if Lexer.isWordStart(c) { return lexWord(start: start, spaceBefore: spaceBefore) }
        i += 1
        let span = Span(start: offsets[start], end: offsets[i])
        let shown = c.value < 0x20 || c.value == 0x7F ? "U+\(String(c.value, radix: 16, uppercase: true))" : String(c)
        error(.unexpectedCharacter, span, en: "unexpected character `\(shown)`", zh: "意外的字符 `\(shown)`")
        return next()
    }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && !c.isASCIIDigit && c.properties.generalCategory != .otherNumber
            && !isCJKPunctuation(c))
    }

    static func isCJKPunctuation(_ c: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(c.value) || (0xFF00...0xFF0F).contains(c.value)
            || (0xFF1A...0xFF20).contains(c.value)
    }

    mutating func lexComment() -> String {
        let start = i
        while let c = peek(), c != "\n" { checkCarriageReturn(); i += 1 }
        var text = slice(start, i)
        while text.last == " " || text.last == "\t" || text.last == "\r" { text.removeLast() }
        return text
    }

    /// A word is either ASCII (`GZ-7`, `promptly`, letters, digits, `_`, inner `-`) or not
    /// (`户籍地教育局`); a change of script ends it, so `依据GZ-7` reads `依据` · `GZ-7` and
    /// `9月30日前` reads 9 · 月 · 30 · 日前, the way Chinese is typed.
    mutating func lexWord(start: Int, spaceBefore: Bool) -> Token {
        let ascii = scalars[i].isASCII
        i += 1
        while let c = peek() {
            if c == "_" {
                i += 1
            } else if ascii {
                if c.isASCII, c.properties.isAlphabetic || c.isASCIIDigit {
                    i += 1
                } else if c == "-", let n = peek(1), n.isASCII, n.isASCIIDigit || n.properties.isAlphabetic {
                    i += 1
                } else {
                    break
                }
            } else if !c.isASCII, c.properties.isAlphabetic, !Lexer.isCJKPunctuation(c) {
                i += 1
            } else if !c.isASCII, c.properties.generalCategory == .nonspacingMark || c.properties.generalCategory == .spacingMark {
                i += 1
            } else {
                break
            }
        }
        let text = slice(start, i)
        return Token(kind: .word(text), span: Span(start: offsets[start], end: offsets[i]), spaceBefore: spaceBefore)
    }

    mutating func digits() -> (value: Int, count: Int, overflow: Bool) {
        var value = 0
        var count = 0
        var overflow = false
        while let c = peek(), c.isASCIIDigit {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c.value - 48))
            if o1 || o2 || a > Lexer.largestNumber { overflow = true; value = Lexer.largestNumber } else { value = a }
            count += 1
            i += 1
        }
        return (value, count, overflow)
    }

    mutating func lexNumeric(start: Int, spaceBefore: Bool) -> Token {
        let first = digits()
        func span() -> Span { Span(start: offsets[start], end: offsets[i]) }
        func make(_ k: TokenKind) -> Token { Token(kind: k, span: span(), spaceBefore: spaceBefore) }
        // 2024-09-27
        if first.count == 4, peek() == "-", peek(1)?.isASCIIDigit == true {
            i += 1
            let month = digits()
            if peek() == "-", peek(1)?.isASCIIDigit == true {
                i += 1
                let day = digits()
                if month.count == 2, day.count == 2, Lexer.isValid(year: first.value, month: month.value, day: day.value) {
                    return make(.date(year: first.value, month: month.value, day: day.value))
                }
                let text = file.text(of: span())
                error(.invalidLiteral, span(), en: "`\(text)` is not a date", zh: "`\(text)` 不是有效日期",
                      help: LocalizedText(en: "write dates as YYYY-MM-DD, e.g. 2024-09-27", zh: "日期格式为 YYYY-MM-DD,例如 2024-09-27"))
                return make(.date(year: 2000, month: 1, day: 1))
            }
            let text = file.text(of: span())
            error(.invalidLiteral, span(), en: "`\(text)` is not a date", zh: "`\(text)` 不是有效日期",
                  help: LocalizedText(en: "write dates as YYYY-MM-DD, e.g. 2024-09-27", zh: "日期格式为 YYYY-MM-DD,例如 2024-09-27"))
            return make(.date(year: 2000, month: 1, day: 1))
        }
        // 09-30
        if first.count == 2, peek() == "-", peek(1)?.isASCIIDigit == true {
            i += 1
            let day = digits()
            if day.count == 2, Lexer.isValid(year: 2024, month: first.value, day: day.value) {
                return make(.monthDay(month: first.value, day: day.value))
            }
            let text = file.text(of: span())
            error(.invalidMonthDay, span(), en: "`\(text)` is not a month and day", zh: "`\(text)` 不是有效的月日",
                  help: LocalizedText(en: "write a month and day as MM-DD, e.g. 09-30", zh: "月日格式为 MM-DD,例如 09-30"))
            return make(.monthDay(month: 1, day: 1))
        }
        // 12:00
        if first.count <= 2, peek() == ":" || peek() == "：", peek(1)?.isASCIIDigit == true {
            i += 1
            let minute = digits()
            if minute.count == 2, (first.value < 24 && minute.value < 60) || (first.value == 24 && minute.value == 0) {
                return make(.time(hour: first.value, minute: minute.value))
            }
            let text = file.text(of: span())
            error(.invalidLiteral, span(), en: "`\(text)` is not a time of day", zh: "`\(text)` 不是有效的时刻",
                  help: LocalizedText(en: "write times as HH:MM from 00:00 to 24:00", zh: "时刻格式为 HH:MM,范围 00:00 至 24:00"))
            return make(.time(hour: 0, minute: 0))
        }
        if first.overflow {
            error(.numberTooLarge, span(), en: "number is too large", zh: "数字过大",
                  help: LocalizedText(en: "numbers go up to 1000000000", zh: "数字最大为 1000000000"))
            // One more than any number that can be written, so later passes can tell the number
            // was already reported and say nothing more about it.
            return make(.number(Lexer.largestNumber + 1))
        }
        return make(.number(first.value))
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    mutating func lexString(start: Int, spaceBefore: Bool) -> Token {
        let open = scalars[i]
        let close: Unicode.Scalar = open == "“" ? "”" : open == "「" ? "」" : "\""
        i += 1
        var value = String.UnicodeScalarView()
        var depth = 0  // “…” may nest inside “…”
        while let c = peek(), c != "\n" {
            checkCarriageReturn()
            if open == "\"", c == "\\", let n = peek(1) {
                switch n {
                case "\"": value.append("\""); i += 2; continue
                case "\\": value.append("\\"); i += 2; continue
                case "n": value.append("\n"); i += 2; continue
                default: break
                }
            }
            if c == open, open != "\"" { depth += 1 }
            if c == close {
                if depth == 0 {
                    i += 1
                    return Token(kind: .string(String(value), quote: Character(open)),
                                 span: Span(start: offsets[start], end: offsets[i]), spaceBefore: spaceBefore)
                }
                depth -= 1
            }
            value.append(c)
            i += 1
        }
        let span = Span(start: offsets[start], end: offsets[i])
        error(.unterminatedString, Span(start: offsets[start], end: offsets[start + 1]),
              en: "string is not closed before the end of the line", zh: "字符串在行尾前没有结束",
              help: LocalizedText(en: "add the closing `\(close)`", zh: "补上结束引号 `\(close)`"))
        return Token(kind: .string(String(value), quote: Character(open)), span: span, spaceBefore: spaceBefore)
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 48 && value <= 57 }
}
