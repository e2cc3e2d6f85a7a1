import DulyCSV
import DulyModel
import DulyTime
import Foundation

extension CaseDataReader {
    /// Reads what an explanation of one subject needs, not the whole data set: every
    /// organisation, the students whose ID or name is `text`, and that subject's events.
    ///
    /// `text` is resolved as `CaseDataSet.subjects(named:)` resolves it. For an organisation the
    /// events it did count as its own (a recurring duty is met by them), so those rows are read
    /// too, with the students they concern. The picked rows get the very checks a full read gives
    /// them, under their own file, line and column.
    ///
    /// Two facts still come from every row, by a quick pass that finds each line's cells without
    /// checking them: which lines are the subject's, and the first and last event date, which is
    /// what the data covers unless it says (`coverage.csv`); a full read counts every dated row
    /// the same way, so an explanation judges the same windows as `due`. Bad rows are found only
    /// among the rows read: `focus` on the result says so.
    ///
    /// The quick pass needs UTF-8 CSV in which every record is one line. Otherwise (JSON Lines,
    /// GB18030, a quoted cell anywhere, a missing key column) the whole data set is read as usual,
    /// and `focus` is nil.
    public static func load(_ path: String, program: Program, focus text: String) throws(CaseDataError) -> CaseDataSet {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return try load(path, program: program)
        }
        if let staging = try WorkbookStaging.stage(path) {
            let set = try loadFocused(staging.folder.path, program: program, text: text)
            set.relabel(with: staging)
            return set
        }
        return try loadFocused(path, program: program, text: text)
    }

    private static func loadFocused(_ folder: String, program: Program, text: String) throws(CaseDataError) -> CaseDataSet {
        let tables = Tables.folder(folder)
        func whole() throws(CaseDataError) -> CaseDataSet {
            try loadTables(tables, program: program, parallelThreshold: defaultParallelThreshold, spill: .standard)
        }
        // The key columns a full read requires (without them every row is skipped, and the file
        // is unusable): if one is missing, that is for a full read to say.
        guard let organisations = tables.find("organisations", "组织"),
              let studentSource = tables.find("students", "学生"), let eventSource = tables.find("events", "事件"),
              let students = RowPicker(studentSource, columns: Columns.student, needed: [0, 2]),
              let events = RowPicker(eventSource, columns: Columns.event, needed: [0, 1, 2, 4]) else { return try whole() }
        let idCell = students.slots[0], nameCell = students.slots[1]
        let subjectCell = events.slots[1], dateCell = events.slots[2], actorCell = events.slots[5]
        let target = PinnedBytes(text)
        let targetIsPlain = NameTable.isPlain(target.bytes)
        // An ID or a name the user typed, compared as `subjects(named:)` compares it: as text, so
        // that canonically equivalent spellings (a precomposed and a decomposed é, a CJK
        // compatibility ideograph, the KELVIN SIGN for K) are the same. Bytes decide when both
        // sides are ASCII and unified ideographs only, each its own normal form: a Chinese name
        // against an ID, or against another Chinese name, makes no `String`.
        func isText(_ cell: UnsafeBufferPointer<UInt8>?) -> Bool {
            guard let cell else { return false }
            if cell.count == target.bytes.count, cell.count == 0 || memcmp(cell.baseAddress!, target.bytes.baseAddress!, cell.count) == 0 { return true }
            if targetIsPlain && NameTable.isPlain(cell) { return false }
            return String(decoding: cell, as: UTF8.self) == text
        }
        func isTarget(_ cells: LineCells) -> Bool { isText(cells[idCell]) || isText(cells[nameCell]) }
        var others: [String: TableSource] = [organisations.file: organisations]
        for (stem, zh) in [("coverage", "覆盖范围"), ("school_calendar", "校历")] {
            if let t = tables.find(stem, zh) { others[t.file] = t }
        }
        /// The data set of the picked rows. A picked file without rows says nothing of the file,
        /// unless the file itself has none (then a full read would refuse it as unusable, and
        /// so does this one).
        func read(students: RowPicker.Picked, events: RowPicker.Picked, final: Bool = false) throws(CaseDataError) -> CaseDataSet {
            var sources = others
            sources[studentSource.file] = students.table
            sources[eventSource.file] = events.table
            let set = try loadTables(.sources(folder: folder, sources), program: program, parallelThreshold: defaultParallelThreshold, spill: .never)
            set.filesWithoutRows = set.filesWithoutRows.filter { issue in
                if issue.file == studentSource.file { return final && students.fileLines == 0 }
                if issue.file == eventSource.file { return final && events.fileLines == 0 }
                return true
            }
            set.focus = text
            return set
        }
        /// The IDs of the picked student rows.
        func ids(of picked: RowPicker.Picked, adding extra: String? = nil) -> IDTable {
            var table = IDTable(capacity: picked.rows + 1)
            var cells = LineCells(through: idCell)
            defer { cells.deallocate() }
            picked.forEachLine { line in
                cells.load(line)
                if let c = cells[idCell] { _ = table.insert(c) }
            }
            if let extra { _ = table.insert(extra) }
            return table
        }

        // Who `text` is. The students it names are read with every organisation, and with every
        // other row of their IDs (a full read keeps the first row of an ID and skips the rest as
        // duplicates, so a name on a duplicate row names nobody), and with the rows of the ID the
        // text seems to name (an organisation's ID may also be a student's, and evaluation takes
        // the student).
        guard let named = students.pick(isTarget, through: max(idCell, nameCell)) else { return try whole() }
        let first = try read(students: named, events: events.headerOnly)
        let tentative = first.subjects(named: text)
        /// The events of subject `id` (and for an organisation, those it did), with the IDs of the
        /// students they concern added to `ids`.
        func eventsOf(_ id: String, organisation: Bool, concerning ids: inout IDTable) -> RowPicker.Picked? {
            let bytes = PinnedBytes(id)
            guard let picked = events.pick({ cells in
                cells.cell(subjectCell, is: bytes.bytes) || (organisation && cells.cell(actorCell, is: bytes.bytes))
            }, through: max(subjectCell, dateCell, organisation ? actorCell : 0), dateCell: dateCell) else { return nil }
            guard organisation else { return picked }
            var cells = LineCells(through: subjectCell)
            defer { cells.deallocate() }
            picked.forEachLine { line in
                cells.load(line)
                if let s = cells[subjectCell] { _ = ids.insert(s) }
            }
            return picked
        }
        /// The rows of every student whose ID is in `ids`.
        func studentsWith(_ ids: IDTable) -> RowPicker.Picked? {
            students.pick({ cells in cells[idCell].map { ids[$0] != nil } == true }, through: idCell)
        }
        // The rows `named` picked are among these: their IDs are in `namedIDs`.
        var namedIDs = ids(of: named, adding: tentative.count == 1 ? tentative[0].id : nil)

        // An organisation, as the named rows say: its events first, then in one more pass the
        // students named, their other rows, any student with its ID, and the students its events
        // concern. If that pass shows otherwise (a student has its ID), the general way below decides.
        if tentative.count == 1, !first.studentIDs.contains(tentative[0].id) {
            var concerned = namedIDs
            guard let picked = eventsOf(tentative[0].id, organisation: true, concerning: &concerned),
                  let rows = studentsWith(concerned) else { return try whole() }
            let set = try read(students: rows, events: picked, final: true)
            let found = set.subjects(named: text)
            if found.count == 1, found[0].id == tentative[0].id, !set.studentIDs.contains(found[0].id) {
                set.setEventDates(picked)
                return set
            }
        }

        guard let withDuplicates = studentsWith(namedIDs) else { return try whole() }
        let candidates = try read(students: withDuplicates, events: events.headerOnly)
        let found = candidates.subjects(named: text)
        // None or several: nothing is judged (the command says so), so no event is read; what
        // the data covers is still said.
        guard found.count == 1 else {
            guard let dates = events.pick({ _ in false }, through: dateCell, dateCell: dateCell) else { return try whole() }
            let set = try read(students: withDuplicates, events: events.headerOnly.counting(dates), final: true)
            set.setEventDates(dates)
            return set
        }
        // As evaluation finds it: a student's ID first, then an organisation's.
        let isOrganisation = !candidates.studentIDs.contains(found[0].id)
        guard let picked = eventsOf(found[0].id, organisation: isOrganisation, concerning: &namedIDs) else { return try whole() }
        var studentRows = withDuplicates
        if isOrganisation {
            // The students its events concern, so that those rows are read as they would be.
            guard let concerned = studentsWith(namedIDs) else { return try whole() }
            studentRows = concerned
        }
        let set = try read(students: studentRows, events: picked, final: true)
        set.setEventDates(picked)
        return set
    }
}

extension CaseDataSet {
    /// What the data covers comes from every row of the events file, not only the rows read.
    fileprivate func setEventDates(_ picked: RowPicker.Picked) {
        if picked.firstDay <= picked.lastDay {
            firstEventDate = CivilDate(dayNumber: picked.firstDay)
            lastEventDate = CivilDate(dayNumber: picked.lastDay)
        } else {
            firstEventDate = nil
            lastEventDate = nil
        }
    }
}

/// Picks lines out of a UTF-8 CSV table by their cells, on both cores, with `LineScan`.
struct RowPicker {
    let source: TableSource
    /// The header's cell index per fixed slot of the table's columns (-1 when absent).
    let slots: [Int]
    /// The header line's bytes, with its line feed.
    private let headerLine: [UInt8]
    private let halves: [Range<Int>]

    /// Lines picked from a table: as a table of their own (the header, then the lines), and the
    /// first and last plausible date of a date cell over every line of the file.
    struct Picked {
        /// The header and the picked lines, each ending in a line feed, behind a UTF-8 byte
        /// order mark (so that a picked line with a bad byte is reported as such, not taken to
        /// make the whole table GB18030).
        let bytes: [UInt8]
        /// The file's line of each line of `bytes` (index 0 unused).
        let lineMap: [Int32]
        let file: String
        var firstDay = Int32.max
        var lastDay = Int32.min
        /// The file's data lines (not blank), picked or not.
        var fileLines = 0
        /// Lines picked.
        var rows: Int { lineMap.count - 2 }

        var table: TableSource {
            var t = TableSource(file: file, bytes: bytes)
            t.lineMap = lineMap
            return t
        }

        /// These picked lines, with what a pass over the file found of it (`other`'s line count and dates).
        func counting(_ other: Picked) -> Picked {
            var p = self
            p.fileLines = other.fileLines
            p.firstDay = other.firstDay
            p.lastDay = other.lastDay
            return p
        }

        /// Calls `body` with each picked line.
        func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            bytes.withUnsafeBufferPointer { all in
                var start = 3 // after the byte order mark
                var first = true
                for i in start..<all.count where all[i] == 0x0A {
                    if !first { body(UnsafeBufferPointer(rebasing: all[start..<i])) }
                    first = false
                    start = i + 1
                }
            }
        }
    }

    /// Nil unless the table is UTF-8 CSV with a one-line header naming every slot in `needed`.
    init?(_ source: TableSource, columns: [(slot: String, names: [String])], needed: [Int]) {
        guard !source.isJSON, let (encoding, bom, size) = ChunkReader.detect(source.bytes), encoding != .gb18030,
              let halves = FileHalves(source.bytes, encoding: encoding, bom: bom, size: size),
              let input = ByteInput(source.bytes) else { return nil }
        let slots = Columns.map(halves.header.names, columns).slots
        guard needed.allSatisfy({ slots[$0] >= 0 }) else { return nil }
        self.source = source
        self.slots = slots
        let headerLength = halves.first.lowerBound - bom
        var header = [UInt8](repeating: 0, count: headerLength)
        let n = header.withUnsafeMutableBytes { input.read(at: bom, into: $0.baseAddress!, count: headerLength) }
        guard n == headerLength else { return nil }
        if header.last != 0x0A { header.append(0x0A) }
        headerLine = header
        self.halves = [halves.first, halves.second]
    }

    /// The header alone: a table with no row.
    var headerOnly: Picked {
        Picked(bytes: [0xEF, 0xBB, 0xBF] + headerLine, lineMap: [0, 1], file: source.file)
    }

    /// The lines `keep` accepts (given their cells through `last`, the furthest it or the date
    /// reads: each cell found is a search of the line), read on both cores; with `dateCell`, the first and last plausible
    /// date in that cell of every line. Nil when the file does not suit a line-by-line pass.
    func pick(_ keep: (LineCells) -> Bool, through last: Int, dateCell: Int? = nil) -> Picked? {
        final class Part: @unchecked Sendable {
            var bytes: [UInt8] = []
            var lines: [Int32] = []
            var firstDay = Int32.max
            var lastDay = Int32.min
            var outcome: LineScan.Outcome = .unreadable
            var lineCount = 0
        }
        let parts = [Part(), Part()]
        let source = self.source.bytes, halves = self.halves
        withoutActuallyEscaping(keep) { keep in
            nonisolated(unsafe) let keep = keep
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                // Locals, not the part's properties: a class property is checked for exclusive
                // access on every use, and this runs for every line of the file.
                let part = parts[k]
                var cells = LineCells(through: last)
                defer { cells.deallocate() }
                var dates = DateCells()
                var firstDay = Int32.max, lastDay = Int32.min, lineCount = 0
                var bytes: [UInt8] = [], lines: [Int32] = []
                part.outcome = LineScan.lines(source, range: halves[k], firstLine: k == 0 ? 2 : 1) { line, number in
                    cells.load(line)
                    lineCount += 1
                    if let dateCell, let cell = cells[dateCell], let day = dates.coveredDay(cell) {
                        if day < firstDay { firstDay = day }
                        if day > lastDay { lastDay = day }
                    }
                    if keep(cells) {
                        bytes.append(contentsOf: line)
                        bytes.append(0x0A)
                        lines.append(Int32(clamping: number))
                    }
                }
                (part.bytes, part.lines, part.firstDay, part.lastDay, part.lineCount) = (bytes, lines, firstDay, lastDay, lineCount)
            }
        }
        guard case .done(let next) = parts[0].outcome, case .done = parts[1].outcome else { return nil }
        // The second half's lines were numbered from 1.
        let shift = Int32(clamping: next - 1)
        var picked = Picked(bytes: [0xEF, 0xBB, 0xBF] + headerLine + parts[0].bytes + parts[1].bytes,
                            lineMap: [0, 1] + parts[0].lines + parts[1].lines.map { $0 + shift }, file: self.source.file)
        picked.fileLines = parts[0].lineCount + parts[1].lineCount
        picked.firstDay = min(parts[0].firstDay, parts[1].firstDay)
        picked.lastDay = max(parts[0].lastDay, parts[1].lastDay)
        return picked
    }
}

/// A text's UTF-8 bytes at a fixed place for as long as the object lives, for comparing with
/// cells on several threads without an array's retain per comparison.
final class PinnedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ text: String) {
        let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
        _ = b.initialize(from: text.utf8)
        bytes = UnsafeBufferPointer(rebasing: b[0..<text.utf8.count])
    }

    deinit { bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0).deallocate() } }
}
