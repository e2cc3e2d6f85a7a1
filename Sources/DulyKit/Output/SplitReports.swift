import DulyModel
import DulySource
import Foundation

/// `duly due --split-by organisation`: one file per responsible organisation.
extension Reports {
    /// The `due` list cut by responsible organisation: for each, a file name (its name, made
    /// safe: no `/`, no control characters, Chinese kept; the ID is added when two share a
    /// name) and the file's bytes in `format`. Actions with no organisation (a role only) go to
    /// `未指定单位` / `no-organisation`.
    public static func splitDue(_ report: EvaluationReport, _ actions: some Collection<DueAction>, format: ReportFormat, bom: Bool = false,
                                language: MessageLanguage = .en) throws(ReportWorkbookError) -> [(fileName: String, data: Data)] {
        var groups: [String: [DueAction]] = [:]
        var names: [String: String] = [:]
        for a in actions {
            let key = a.organisation?.rawValue ?? ""
            groups[key, default: []].append(a)
            names[key] = a.organisationName ?? a.organisation?.rawValue
        }
        let ext = format == .text ? "txt" : format.rawValue
        var stems: [String: Int] = [:]
        for key in groups.keys { stems[safeFileName(names[key] ?? "", fallback: key), default: 0] += 1 }
        var files: [(String, Data)] = []
        for key in groups.keys.sorted() {
            let list = groups[key]!
            var stem = key.isEmpty ? (language == .zh ? "未指定单位" : "no-organisation") : safeFileName(names[key] ?? "", fallback: key)
            if !key.isEmpty, stems[stem, default: 0] > 1 { stem += "-" + safeFileName(key, fallback: "org") }
            let data: Data = format == .xlsx ? try dueWorkbook(report, list, language: language)
                : Data(due(report, list, format: format, bom: bom, language: language, width: nil).utf8)
            files.append((stem + "." + ext, data))
        }
        return files
    }

    /// A file name from an organisation's name: `/`, `\`, control characters and NUL removed,
    /// leading dots dropped, at most 100 characters; `fallback` when nothing is left.
    public static func safeFileName(_ name: String, fallback: String) -> String {
        var s = String(name.unicodeScalars.filter { $0 != "/" && $0 != "\\" && !($0.properties.generalCategory == .control) && $0.value != 0 }
            .map(Character.init))
        s = s.trimmingCharacters(in: .whitespaces)
        while s.hasPrefix(".") { s.removeFirst() }
        s = String(s.prefix(100))
        if s.isEmpty { return fallback.isEmpty || fallback.hasPrefix(".") ? "organisation" : safeFileName(fallback, fallback: "") }
        return s
    }
}
