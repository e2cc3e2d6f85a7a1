import DulyCSV
import DulySource
import Foundation

extension CaseDataReader {
    /// Files that give the data set nothing to judge: one that yields no row at all (empty, a
    /// header only, an Excel workbook or other binary saved under a .csv name) or whose every row
    /// was skipped. Such a data set is unusable, not empty: judging it would list every duty as
    /// open or missed, so each file gets a `no-rows` issue and the commands stop (exit 1).
    ///
    /// `files` are each table, the rows kept from it and, where the issues kept are not all
    /// (the events file keeps the first 1,000 a part), how many rows were skipped; `issues` are
    /// those found so far.
    static func unusableFiles(_ files: [(source: TableSource, kept: Int, skipped: Int?)], issues: [DataIssue]) -> [DataIssue] {
        var result: [DataIssue] = []
        for (source, kept, counted) in files where kept == 0 {
            let file = source.file
            // An unreadable file is already reported as such.
            if issues.contains(where: { $0.file == file && $0.code == .unreadableFile }) { continue }
            let skipped = counted ?? issues.filter { $0.file == file && $0.skipsRow && $0.row > 0 }.count
            let message: LocalizedText
            if let kind = binaryKind(source.bytes) {
                message = switch kind {
                // The English still carries the Chinese, as it did when an issue had one language.
                case .workbook: LocalizedText(en: "`\(file)` is an Excel workbook, not CSV text: name it .xlsx / `\(file)` 是 Excel 工作簿，不是 CSV 文本：请把扩展名改为 .xlsx",
                                              zh: "`\(file)` 是 Excel 工作簿,不是 CSV 文本:请把扩展名改为 .xlsx")
                case .oldWorkbook: LocalizedText(en: "`\(file)` is an old Excel .xls workbook, not CSV text: save it as .xlsx / `\(file)` 是旧版 Excel .xls 工作簿，不是 CSV 文本：请另存为 .xlsx",
                                                 zh: "`\(file)` 是旧版 Excel .xls 工作簿,不是 CSV 文本:请另存为 .xlsx")
                case .binary: LocalizedText(en: "`\(file)` is a binary file, not CSV text / `\(file)` 是二进制文件，不是 CSV 文本",
                                            zh: "`\(file)` 是二进制文件,不是 CSV 文本")
                }
            } else if skipped > 0 {
                message = LocalizedText(en: "no row of `\(file)` could be read (\(skipped) row\(skipped == 1 ? "" : "s") skipped); is it the right file, in CSV?",
                                        zh: "`\(file)` 没有一行能够读取(跳过了 \(skipped) 行);文件是否选对、是否为 CSV 格式?")
            } else {
                message = LocalizedText(en: "`\(file)` has no data rows", zh: "`\(file)` 没有数据行")
            }
            result.append(DataIssue(file: file, row: 0, column: nil, code: .noRows, text: message, skipsRow: false))
        }
        return result
    }

    /// What a binary file is, from its first bytes.
    enum BinaryKind { case workbook, oldWorkbook, binary }

    /// What a binary file is, from its first bytes: the containers spreadsheets are saved in
    /// (`PK\u{3}\u{4}`, a ZIP: an .xlsx; `D0 CF 11 E0`, OLE2: an old .xls), or any file with a NUL byte.
    static func binaryKind(_ source: ByteSource) -> BinaryKind? {
        guard let head = ByteInput(source)?.head(4096), head.count >= 4 else { return nil }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .workbook }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .oldWorkbook }
        if head.contains(0) { return .binary }
        return nil
    }
}

extension CaseDataSet {
    /// The issues that make the data set unusable (a file unreadable or without a usable row):
    /// commands that judge data stop on them with exit 1, whatever `--strict` says.
    ///
    /// Kept apart from `issues`: a data set built for a policy test may well have no events.
    public var unusableFileIssues: [DataIssue] {
        (issues.filter { $0.code == .unreadableFile } + filesWithoutRows).sorted()
    }
}
