import DulyCSV
import DulyModel
import Foundation

/// A table of a data set: where its bytes are (a file, or bytes in memory) and the file name its
/// issues and places give.
struct TableSource {
    /// The name issues name (`events.csv`, `学生.jsonl`).
    let file: String
    let bytes: ByteSource
    /// For lines picked out of a larger file (`CaseDataReader.load(_:program:focus:)`): the line
    /// of that file each line of `bytes` was, so that rows and issues keep the file's numbers.
    var lineMap: [Int32]?

    /// A file on disk, named by its last path component.
    init(path: String) {
        file = (path as NSString).lastPathComponent
        bytes = .file(path: path)
    }

    /// Bytes in memory, named `file`.
    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = .memory(bytes)
    }

    var isJSON: Bool { file.hasSuffix(".jsonl") }
    /// How a message that cannot read the table names it: a file's path, else its name.
    var location: String { bytes.path ?? file }
    /// Its size in bytes (0 when it cannot be read).
    var size: Int { ByteInput(bytes)?.size ?? 0 }
}

/// A table file of a data set read row by row: CSV (any supported encoding) or JSON Lines.
/// For CSV the header comes once; for JSON Lines each line brings its own keys.
enum TableReader {
    struct Header {
        var names: [String]
    }

    /// Calls `row` for each data row with its header, record and line. Returns issues about the
    /// file itself (unreadable, unterminated quote, bad JSON lines).
    static func read(_ source: TableSource, _ row: (Header, CSVRecord, Int) -> Void) -> [DataIssue] {
        read(source, rows: { header, batch in
            for k in batch.lower..<batch.count { row(header, batch[k], batch.line(k)) }
        }, row: row)
    }

    /// Reads the bytes `offset..<offset + length` of a file (all of it when `length` is nil):
    /// CSV rows a batch at a time to `rows`, JSON Lines one at a time to `row`. A CSV part after
    /// the first comes with its `header`; `nextLine` receives the line after the last. A CSV row
    /// skipped here (not UTF-8) still goes to `skipped`, for what it can tell.
    static func read(_ source: TableSource, offset: Int = 0, length: Int? = nil, firstLine: Int = 1,
                     header given: Header? = nil, nextLine: UnsafeMutablePointer<Int>? = nil,
                     rows: (Header, CSVBatch) -> Void, row: (Header, CSVRecord, Int) -> Void,
                     skipped: ((Header, CSVRecord) -> Void)? = nil, sawHeader: ((Header) -> Void)? = nil) -> [DataIssue] {
        let file = source.file
        guard let (encoding, bom, _) = ChunkReader.detect(source.bytes),
              let reader = ChunkReader(source.bytes, encoding: encoding, offset: max(offset, bom), length: length.map { $0 - max(0, bom - offset) }) else {
            return [DataIssue(file: file, row: 0, column: nil, code: .unreadableFile, en: "cannot read `\(source.location)`", zh: "无法读取 `\(source.location)`")]
        }
        var issues: [DataIssue] = []
        if source.isJSON {
            issues += readJSONLines(reader, file: file, firstLine: firstLine, row)
        } else {
            var header = given
            // UTF-8 was chosen from the first 64 KB; a later row in another encoding (a GBK row
            // pasted in) is reported and skipped on its own, never turned into U+FFFD silently.
            let checksUTF8 = encoding != .gb18030
            let (failure, next) = CSVScanner.scan(reader, firstLine: firstLine, validatingUTF8: checksUTF8, lineMap: source.lineMap) { batch in
                var batch = batch
                if header == nil {
                    let record = batch[0]
                    header = Header(names: (0..<record.count).map { record.string($0) })
                    batch.lower = 1
                    sawHeader?(header!)
                }
                guard batch.lower < batch.count else { return }
                guard checksUTF8 && !batch.isKnownUTF8 else { rows(header!, batch); return }
                var runStart = batch.lower
                for k in batch.lower..<batch.count where !batch.isValidUTF8(k) {
                    if runStart < k { rows(header!, batch.slice(runStart..<k)) }
                    skipped?(header!, batch[k])
                    issues.append(DataIssue(file: file, row: batch.line(k), column: nil, code: .badEncoding,
                                            en: "the row is not valid UTF-8 (the file is read as UTF-8; was this row pasted from a GBK file?)",
                                            zh: "该行不是有效的 UTF-8 编码(文件按 UTF-8 读取;这一行是否从 GBK 文件粘贴而来?)"))
                    runStart = k + 1
                }
                if runStart == batch.lower { rows(header!, batch) }
                else if runStart < batch.count { rows(header!, batch.slice(runStart..<batch.count)) }
            }
            nextLine?.pointee = next
            if case .unterminatedQuote(let line)? = failure {
                issues.append(DataIssue(file: file, row: line, column: nil, code: .unterminatedQuote,
                                        en: "a quoted cell is never closed; the rest of the file is skipped", zh: "有一个带引号的单元格没有闭合,文件其余部分均被跳过"))
            }
        }
        if reader.undecodableBytes > 0 {
            issues.append(DataIssue(file: file, row: 0, column: nil, code: .badEncoding,
                                    en: "\(reader.undecodableBytes) byte\(reader.undecodableBytes == 1 ? "" : "s") are neither UTF-8 nor GB18030 and were replaced with U+FFFD",
                                    zh: "有 \(reader.undecodableBytes) 个字节既不是 UTF-8 也不是 GB18030 编码,已替换为 U+FFFD",
                                    skipsRow: false))
        }
        return issues
    }

    /// JSON Lines: one flat object per line; nested `attributes` objects are flattened.
    static func readJSONLines(_ reader: ChunkReader, file: String, firstLine: Int,
                              _ row: (Header, CSVRecord, Int) -> Void) -> [DataIssue] {
        var issues: [DataIssue] = []
        let window = ByteWindow(capacity: 2 * ChunkReader.chunkSize)
        var line = firstLine
        var atEnd = false
        while !atEnd {
            atEnd = !reader.read(into: window)
            let bytes = UnsafeBufferPointer(start: window.base, count: window.end)
            var start = window.start
            var lines: [Range<Int>] = []
            for i in start..<window.end where bytes[i] == 0x0A {
                lines.append(start..<i)
                start = i + 1
            }
            if atEnd && start < window.end { lines.append(start..<window.end); start = window.end }
            for range in lines {
                defer { line += 1 }
                let all = bytes[range]
                let text = all.last == 0x0D ? all.dropLast() : all
                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(text)) as? [String: Any] else {
                    issues.append(DataIssue(file: file, row: line, column: nil, code: .badJSON, en: "not a JSON object", zh: "不是 JSON 对象"))
                    continue
                }
                var flat: [(String, String)] = []
                func cell(_ v: Any) -> String? {
                    switch v {
                    case is NSNull: return nil
                    case let s as String: return s
                    case let n as NSNumber:
                        if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
                        return n.stringValue
                    default: return nil
                    }
                }
                for (k, v) in object.sorted(by: { $0.key < $1.key }) {
                    if k == "attributes" || k == "属性", let inner = v as? [String: Any] {
                        for (ik, iv) in inner.sorted(by: { $0.key < $1.key }) { if let s = cell(iv) { flat.append((ik, s)) } }
                    } else if let s = cell(v) {
                        flat.append((k, s))
                    } else if !(v is NSNull) {
                        issues.append(DataIssue(file: file, row: line, column: k, code: .badJSON, en: "`\(k)` must be a string, number or boolean", zh: "`\(k)` 的值必须是字符串、数字或布尔值"))
                    }
                }
                var storage: [UInt8] = []
                var bounds: [Int] = []
                for (_, v) in flat {
                    bounds.append(storage.count)
                    storage.append(contentsOf: Array(v.utf8))
                    bounds.append(storage.count)
                }
                // Never empty, so that both have an address.
                storage.append(0)
                bounds.append(0)
                storage.withUnsafeBufferPointer { p in
                    for c in 0..<flat.count { (bounds[2 * c], bounds[2 * c + 1]) = CSVRecord.trimmed(p.baseAddress!, bounds[2 * c], bounds[2 * c + 1]) }
                    bounds.withUnsafeBufferPointer { b in
                        row(Header(names: flat.map(\.0)), CSVRecord(base: p.baseAddress!, bounds: b.baseAddress!, count: flat.count), line)
                    }
                }
            }
            window.start = start
        }
        return issues
    }
}

/// Header names, English or Chinese, for the fixed columns of each table.
enum Columns {
    static let organisation: [(slot: String, names: [String])] = [
        ("id", ["id", "编号", "机构编号", "组织编号"]),
        ("name", ["name", "名称", "机构名称", "组织名称"]),
        ("kind", ["kind", "类型", "角色", "机构类型"]),
        ("managed_by", ["managed_by", "上级", "管理单位", "主管单位"]),
        ("jurisdiction", ["jurisdiction", "辖区", "政策", "适用政策"]),
        ("county", ["county", "区县", "所在县"]),
    ]
    static let student: [(slot: String, names: [String])] = [
        ("id", ["id", "编号", "学号", "学生编号"]),
        ("name", ["name", "姓名"]),
        ("school", ["school", "学校"]),
    ]
    static let event: [(slot: String, names: [String])] = [
        ("id", ["id", "编号", "事件编号"]),
        ("subject", ["subject", "对象", "学生", "对象编号"]),
        ("date", ["date", "日期"]),
        ("time", ["time", "时间"]),
        ("type", ["type", "事件", "事件类型", "类型"]),
        ("actor", ["actor", "执行方", "执行单位"]),
        ("to", ["to", "接收方", "接收单位"]),
        ("ref", ["ref", "引用", "回应事件"]),
    ]

    /// The cell index of each fixed slot (-1 when absent), and the remaining columns.
    static func map(_ header: [String], _ fixed: [(slot: String, names: [String])])
        -> (slots: [Int], rest: [(index: Int, name: String)], duplicates: [String]) {
        var slots = [Int](repeating: -1, count: fixed.count)
        var rest: [(Int, String)] = []
        var seen: Set<String> = []
        var duplicates: [String] = []
        for (i, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if !seen.insert(name).inserted { duplicates.append(name); continue }
            if let s = fixed.firstIndex(where: { $0.names.contains(name) || $0.names.contains(name.lowercased()) }) {
                if slots[s] >= 0 { duplicates.append(name); continue }
                slots[s] = i
            } else {
                rest.append((i, name))
            }
        }
        return (slots, rest, duplicates)
    }
}
