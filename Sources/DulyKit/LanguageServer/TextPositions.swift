import DulySource

/// How an editor counts the characters of a line in positions: LSP's default is UTF-16 code
/// units, so `通江县` is three columns but `𠀀` (outside the Basic Multilingual Plane) is two.
/// A client may offer UTF-8 or UTF-32 instead (`general.positionEncodings`, LSP 3.17).
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The width of one scalar in this encoding's units.
    func width(_ scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: UTF8.width(scalar)
        case .utf16: UTF16.width(scalar)
        case .utf32: 1
        }
    }

    /// The server's choice among the client's offer: UTF-16 unless the client offers only
    /// others (the protocol requires UTF-16 support of every server, so it is the safe pick).
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        guard let offered, !offered.isEmpty else { return .utf16 }
        if offered.contains(PositionEncoding.utf16.rawValue) { return .utf16 }
        return offered.lazy.compactMap(PositionEncoding.init(rawValue:)).first ?? .utf16
    }
}

/// A zero-based line and a zero-based column in the negotiated encoding's units.
public struct TextPosition: Hashable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct TextRange: Hashable, Sendable {
    public var start: TextPosition
    public var end: TextPosition
    public init(start: TextPosition, end: TextPosition) {
        self.start = start
        self.end = end
    }
}

extension SourceFile {
    /// The protocol position of a byte offset.
    func position(of offset: Int, encoding: PositionEncoding) -> TextPosition {
        let clamped = min(max(0, offset), bytes.count)
        let line = lineIndex(of: clamped)
        let start = lineStarts[line]
        if encoding == .utf8 { return TextPosition(line: line, character: clamped - start) }
        var column = 0
        for scalar in String(decoding: bytes[start..<clamped], as: UTF8.self).unicodeScalars { column += encoding.width(scalar) }
        return TextPosition(line: line, character: column)
    }

    func range(of span: Span, encoding: PositionEncoding) -> TextRange {
        TextRange(start: position(of: span.start, encoding: encoding), end: position(of: span.end, encoding: encoding))
    }

    /// The byte offset of a protocol position. A line past the end is the end of the text; a
    /// column past the end of its line is the end of that line (the protocol says so); a column
    /// inside a character (half of a surrogate pair) is the start of that character.
    func offset(of position: TextPosition, encoding: PositionEncoding) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let start = lineStarts[position.line]
        var end = position.line + 1 < lineStarts.count ? lineStarts[position.line + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var offset = start
        var column = 0
        for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
            let w = encoding.width(scalar)
            if column + w > position.character { break }
            column += w
            offset += UTF8.width(scalar)
        }
        return offset
    }

    /// The text with `newText` put in place of `range` (an incremental change from the editor).
    func replacing(_ range: TextRange, with newText: String, encoding: PositionEncoding) -> String {
        let a = offset(of: range.start, encoding: encoding)
        let b = max(a, offset(of: range.end, encoding: encoding))
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + newText.utf8.count)
        out += bytes[0..<a]
        out += newText.utf8
        out += bytes[b...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The range covering the whole text, for a whole-document edit.
    func wholeRange(encoding: PositionEncoding) -> TextRange {
        TextRange(start: TextPosition(line: 0, character: 0), end: position(of: bytes.count, encoding: encoding))
    }
}
