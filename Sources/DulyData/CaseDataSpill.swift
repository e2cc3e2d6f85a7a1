import DulyModel
import DulySource
import DulyTime
import Foundation
import Glibc

/// Where a large data set's events wait while it is evaluated one range of subjects at a time.
///
/// Students are read before events, so each event row already knows its subject's index. A
/// large events file is therefore written out while it is read, record by record, into one
/// temporary file per range of subjects (a *partition*) and per reading part; evaluation then
/// loads one partition, judges its subjects and lets it go. Memory holds the students, the
/// organisations, one partition and the events organisations did of recurring types (which
/// recurring duties count across all subjects, a few per cent of the events), instead of every
/// event. The files live in a folder of the temporary directory that is removed with the data
/// set; input files are never written.
public final class EventSpill: @unchecked Sendable {
    let folder: String
    /// The private temporary folder that holds the partition files (see `TemporaryFolder`).
    private let temporary: TemporaryFolder
    /// Partition `k` holds subjects `bounds[k]..<bounds[k + 1]`: the students by index in `n`
    /// ranges, then the organisations (which follow the students) in ranges of their own. A
    /// school's own events (its daily attendance records) are many: in one range after the last
    /// students' they made that range several times the others.
    public let bounds: [Int]
    /// Per event type index: whether the type discharges a recurring duty (kept in memory too).
    let recurringType: [Bool]
    /// One writer per reading part, in file order.
    private(set) var writers: [PartitionWriter] = []

    var partitionCount: Int { bounds.count - 1 }

    init(students: Int, subjects: Int, partitions: Int, recurringType: [Bool]) throws(CaseDataError) {
        do {
            temporary = try TemporaryFolder(purpose: "events")
        } catch {
            throw CaseDataError(en: "cannot create a temporary folder for the events: \(error)",
                                zh: "无法为事件创建临时文件夹:\(error.text.zh)", isToolFailure: true)
        }
        folder = temporary.path
        let n = max(1, partitions)
        var bounds = (0..<n).map { students * $0 / n }
        let organisations = subjects - students
        // As many ranges of organisations as their share of the subjects would take of students',
        // at least one and at most `n`; empty ranges are skipped when evaluating.
        let m = min(n, max(1, (n * organisations * 100 + subjects - 1) / max(1, subjects)))
        for k in 0..<m { bounds.append(students + organisations * k / m) }
        bounds.append(subjects)
        self.bounds = bounds
        self.recurringType = recurringType
    }

    deinit { temporary.remove() }

    /// Forgets every part written so far (the file is being read again another way).
    func reset() {
        for w in writers { w.finish(records: 0) }
        writers = []
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }

    /// A writer for the next reading part.
    func writer() -> PartitionWriter {
        let w = PartitionWriter(spill: self, part: writers.count)
        writers.append(w)
        return w
    }

    /// The range holding `subject`: the last `k` with `bounds[k] <= subject`.
    @inline(__always) static func partition(ofSubject subject: Int, bounds: UnsafeBufferPointer<Int>) -> Int {
        // Bounds are few (one per ~100 MB of events): a binary search is plenty.
        var lo = 0, hi = bounds.count - 2
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if bounds[mid] <= subject { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The first write error of any part, if one happened.
    var failure: LocalizedText? { writers.lazy.compactMap(\.failure).first }

    /// Records written over all parts.
    var eventCount: Int { writers.reduce(0) { $0 + $1.taken } }


    /// The records of partition `k`, one shard per reading part in file order, with each
    /// part's row shift applied. The parts load on their own threads.
    func load(_ k: Int) throws(CaseDataError) -> [EventShard] {
        let shards = writers.map { _ in EventShard() }
        let failures = writers.map { _ in Box<LocalizedText?>(nil) }
        let parts = writers
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            let path = parts[i].path(k)
            guard FileManager.default.fileExists(atPath: path) else { return }
            guard let bytes = EventSpill.read(path) else {
                failures[i].value = LocalizedText(en: "cannot read back the temporary events file `\(path)`", zh: "无法读回临时事件文件 `\(path)`")
                return
            }
            shards[i].arena = bytes
            shards[i].extra = EventShard.offsets(of: bytes)
            shards[i].shiftRows(by: parts[i].rowShift)
        }
        if let failure = failures.lazy.compactMap(\.value).first { throw CaseDataError(text: failure) }
        return shards
    }

    /// A whole file's bytes, read straight into the array.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var ok = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n <= 0 { ok = n == 0 && done == size; break }
                done += n
            }
            count = done
            if done != size { ok = false }
        }
        return ok ? bytes : nil
    }
}

/// Distributes one reading part's records to the partition files as they are read.
final class PartitionWriter: @unchecked Sendable {
    unowned let spill: EventSpill
    let part: Int
    /// Records of recurring types with an actor, kept in memory for the recurring duties.
    let recurring = EventShard()
    /// Added to every stored row number when the records are used (the second part of a file
    /// is numbered from 1 until the first part's length is known).
    var rowShift = 0
    private(set) var failure: LocalizedText?
    /// Records taken so far.
    private(set) var taken = 0
    /// Per partition, its buffer (allocated on first use) and how many bytes it holds: raw
    /// memory behind constant pointers, so adding a record costs no exclusive-access check and
    /// no uniqueness test of an array in an array (once per record: 21 million on the
    /// million-student set).
    private let buffers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let fill: UnsafeMutablePointer<Int>
    private let partitionCount: Int
    private var descriptors: [Int32]
    /// Bytes buffered per partition before a write: 16 MB a reading thread in all, between
    /// 64 KB and 1 MB a partition. (A fixed 1 MB a partition, grown by doubling, made the buffers
    /// grow with the file: a 3 GB events file in 64 ranges held up to 256 MB of them.)
    let bufferBytes: Int

    /// The spill's ranges and recurring types, copied into memory of their own: reading them
    /// through the unowned reference retained the spill, and an array property its buffer, once
    /// per record.
    private let bounds: UnsafeMutableBufferPointer<Int>
    private let recurringType: UnsafeMutableBufferPointer<Bool>

    init(spill: EventSpill, part: Int) {
        self.spill = spill
        self.part = part
        bounds = .allocate(capacity: spill.bounds.count)
        _ = bounds.initialize(from: spill.bounds)
        recurringType = .allocate(capacity: spill.recurringType.count)
        _ = recurringType.initialize(from: spill.recurringType)
        partitionCount = spill.partitionCount
        buffers = .allocate(capacity: partitionCount)
        buffers.initialize(repeating: nil, count: partitionCount)
        fill = .allocate(capacity: partitionCount)
        fill.initialize(repeating: 0, count: partitionCount)
        descriptors = Array(repeating: -1, count: spill.partitionCount)
        bufferBytes = min(1 << 20, max(64 << 10, (16 << 20) / max(1, spill.partitionCount)))
    }

    deinit {
        releaseBuffers()
        buffers.deallocate()
        fill.deallocate()
        bounds.deallocate()
        recurringType.deallocate()
    }

    private func releaseBuffers() {
        for k in 0..<partitionCount {
            buffers[k]?.deallocate()
            buffers[k] = nil
            fill[k] = 0
        }
    }

    func path(_ partition: Int) -> String { spill.folder + "/part\(part)-\(partition).events" }

    /// Adds one record to its partition's buffer (and to `recurring` when it is an act of a
    /// recurring type). The reader calls it for each record as the row is read, so a record is
    /// copied once, from the row's buffer to its partition's; the caller counts what it put and
    /// says so at `finish`, since a count kept here would be checked for exclusive access per
    /// record.
    @inline(__always) func put(_ record: UnsafeRawBufferPointer) {
        let subject = Int(record.loadUnaligned(fromByteOffset: EventShard.subjectOffset, as: Int32.self))
        let k = EventSpill.partition(ofSubject: subject, bounds: UnsafeBufferPointer(bounds))
        // Written before it would outgrow its room, so a buffer is allocated once; a record
        // larger than a whole buffer is written on its own.
        if fill[k] + record.count > bufferBytes { flush(k) }
        if record.count > bufferBytes {
            write(k, record)
        } else {
            if buffers[k] == nil { buffers[k] = .allocate(byteCount: bufferBytes, alignment: 16) }
            (buffers[k]! + fill[k]).copyMemory(from: record.baseAddress!, byteCount: record.count)
            fill[k] += record.count
        }
        let actor = record.loadUnaligned(fromByteOffset: EventShard.actorOffset, as: Int32.self)
        if actor >= 0 && recurringType[Int(record[EventShard.typeOffset])] {
            recurring.extra.append(UInt32(recurring.arena.count))
            recurring.arena.append(contentsOf: record)
        }
    }

    private func flush(_ k: Int) {
        guard fill[k] > 0, let start = buffers[k] else { return }
        write(k, UnsafeRawBufferPointer(start: start, count: fill[k]))
        fill[k] = 0
    }

    /// Appends `b` to partition `k`'s file, creating it first.
    private func write(_ k: Int, _ b: UnsafeRawBufferPointer) {
        guard failure == nil, !b.isEmpty else { return }
        if descriptors[k] < 0 {
            // A new file only, never through a link someone placed in the folder.
            descriptors[k] = open(path(k), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptors[k] >= 0 else {
                let reason = String(cString: strerror(errno))
                failure = LocalizedText(en: "cannot create the temporary events file `\(path(k))`: \(reason)",
                                        zh: "无法创建临时事件文件 `\(path(k))`:\(reason)")
                return
            }
        }
        if !writeFully(descriptors[k], b) {
            let reason = String(cString: strerror(errno))
            failure = LocalizedText(en: "cannot write the temporary events file `\(path(k))`: \(reason)", zh: "无法写入临时事件文件 `\(path(k))`:\(reason)")
        }
    }

    /// Writes what is buffered and closes the files; `records` is how many the reader put.
    func finish(records: Int) {
        taken += records
        for k in 0..<partitionCount { flush(k) }
        for fd in descriptors where fd >= 0 { close(fd) }
        descriptors = descriptors.map { _ in -1 }
        releaseBuffers()
    }
}

extension EventShard {
    /// The offset of every record in `arena`, found by walking the records' lengths. A record
    /// cut short (a file truncated behind our back) ends the walk rather than being read past.
    static func offsets(of arena: [UInt8]) -> [UInt32] {
        var result: [UInt32] = []
        arena.withUnsafeBufferPointer { b in
            var p = 0
            walk: while p + idOffset < b.count {
                var q = p + idOffset
                for _ in 0..<2 {            // ID, then reference
                    guard q < b.count else { break walk }
                    q += 1 + Int(b[q])
                }
                guard q < b.count else { break }
                let n = Int(b[q])
                q += 1
                for _ in 0..<n {
                    guard q + 1 < b.count else { break walk }
                    q += 2 + Int(b[q + 1])
                }
                guard q <= b.count else { break }
                result.append(UInt32(p))
                p = q
            }
        }
        return result
    }
}

/// When a data set's events wait in temporary files, one range of subjects at a time, rather
/// than all in memory (see `EventSpill`).
public struct SpillPolicy: Sendable {
    /// Events files at least this large (in bytes) are spilled.
    public var threshold: Int
    /// About this many bytes of events file per range of subjects.
    public var partitionBytes: Int

    public init(threshold: Int, partitionBytes: Int) {
        self.threshold = threshold
        self.partitionBytes = max(1, partitionBytes)
    }

    /// Files of 256 MB or more (about 5 million events), in ranges of about 48 MB of file
    /// (about 35 MB of records in memory at a time): smaller ranges lower the peak (469 to 409 MiB
    /// on a million students, `bench/README.md`) at no cost in time.
    public static let standard = SpillPolicy(threshold: 256 << 20, partitionBytes: 48 << 20)
    /// Everything in memory.
    public static let never = SpillPolicy(threshold: .max, partitionBytes: .max)

    /// How many ranges a file of `size` bytes is cut into; nil when it is kept in memory.
    func partitions(forFileOfSize size: Int) -> Int? {
        guard size >= threshold else { return nil }
        return max(1, (size + partitionBytes - 1) / partitionBytes)
    }
}
