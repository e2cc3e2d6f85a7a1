import DulyCSV
import Foundation

/// A large UTF-8 CSV file cut in two at a line break, so that each half is read on its own core.
///
/// The cut is only a line break, not necessarily the end of a record: a quoted cell may hold line
/// breaks. When it falls inside one, the first half ends inside an open quote; the reader then
/// throws both halves away and reads the file in one go, so the result never depends on the cut.
struct FileHalves {
    let header: TableReader.Header
    /// After the header line to the cut, and the cut to the end.
    let first: Range<Int>
    let second: Range<Int>

    /// The halves of the table (of `size` bytes, the first `bom` of them a byte order mark); nil
    /// unless its header is one complete record on the first line.
    init?(_ source: ByteSource, encoding: TextEncoding, bom: Int, size: Int) {
        guard let input = ByteInput(source) else { return nil }
        func lineEnd(after offset: Int) -> Int {
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            var pos = offset
            while true {
                let n = buf.withUnsafeMutableBytes { input.read(at: pos, into: $0.baseAddress!, count: 1 << 16) }
                if n <= 0 { return size }
                if let i = buf[0..<n].firstIndex(of: 0x0A) { return pos + i + 1 }
                pos += n
            }
        }
        let headerEnd = lineEnd(after: bom)
        let middle = lineEnd(after: max(headerEnd, size / 2))
        guard let reader = ChunkReader(source, encoding: encoding, offset: bom, length: headerEnd - bom) else { return nil }
        var names: [String] = []
        var records = 0
        let (failure, next) = CSVScanner.scan(reader, firstLine: 1) { batch in
            if records == 0 {
                let record = batch[0]
                names = (0..<record.count).map { record.string($0) }
            }
            records += batch.count
        }
        guard failure == nil, records == 1, next == 2 else { return nil }
        header = TableReader.Header(names: names)
        first = headerEnd..<middle
        second = middle..<size
    }

    /// Runs `body` for both halves at once (0 the first, 1 the second) and returns both results.
    static func both<Result>(_ body: @Sendable (Int) -> Result) -> [Result] {
        let boxes = [ResultBox<Result>(), ResultBox<Result>()]
        DispatchQueue.concurrentPerform(iterations: 2) { k in boxes[k].value = body(k) }
        return boxes.map { $0.value! }
    }

    /// About how many rows a file of `size` bytes has: the fewer of the estimates from its first
    /// 64 KB and from 64 KB in its middle (blank lines not counted), so that an odd start does not
    /// make a table far too large.
    static func estimatedRows(_ source: ByteSource, size: Int) -> Int {
        guard let input = ByteInput(source) else { return 0 }
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        var estimate = Int.max
        for offset in size > 2 * sample.count ? [0, size / 2] : [0] {
            let n = sample.withUnsafeMutableBytes { input.read(at: offset, into: $0.baseAddress!, count: 1 << 16) }
            guard n > 0 else { return 0 }
            var rows = 0
            for i in 1..<max(n, 1) where sample[i] == 0x0A && sample[i - 1] != 0x0A { rows += 1 }
            estimate = min(estimate, Int(Double(size) * Double(rows + 1) / Double(n)))
        }
        return estimate
    }
}

/// The result of one reading thread, written by that thread only and read once both are done.
private final class ResultBox<Result>: @unchecked Sendable {
    var value: Result?
}
