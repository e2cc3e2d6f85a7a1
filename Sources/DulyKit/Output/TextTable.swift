import DulySource

/// A plain text table that fits a terminal width, aligning Chinese by display width and
/// cutting the widest cells with `…` when it must.
struct TextTable {
    var headers: [String]
    var rows: [[String]]
    /// Columns that hold numbers, aligned right.
    var rightAligned: Set<Int> = []

    /// The table cut to `width` display columns (the widest cells first, with `…`); `nil` keeps
    /// every cell whole, for output that is not read on a terminal.
    func render(width: Int? = 80) -> String {
        // Cells come from case data: control characters are shown escaped, never sent to the terminal.
        let headers = self.headers.map(TerminalText.visible)
        let rows = self.rows.map { $0.map(TerminalText.visible) }
        let n = headers.count
        var widths = (0..<n).map { c in ([headers[c]] + rows.map { $0[c] }).map { DisplayWidth.of($0) }.max() ?? 0 }
        let gaps = 2 * (n - 1)
        // Shrink the widest column, one cell at a time, until the table fits.
        while let width, widths.reduce(0, +) + gaps > width {
            guard let widest = widths.indices.max(by: { (widths[$0], -$0) < (widths[$1], -$1) }), widths[widest] > 4 else { break }
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for c in 0..<n {
                let text = TextTable.cut(cells[c], to: widths[c])
                let last = c == n - 1
                if rightAligned.contains(c) { parts.append(DisplayWidth.pad(text, to: widths[c], right: true)) }
                else { parts.append(last ? text : DisplayWidth.pad(text, to: widths[c])) }
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    static func cut(_ s: String, to width: Int) -> String {
        guard DisplayWidth.of(s) > width else { return s }
        var result = ""
        var used = 0
        for ch in s {
            let w = DisplayWidth.of(ch)
            if used + w > width - 1 { break }
            result.append(ch)
            used += w
        }
        return result + "…"
    }
}
