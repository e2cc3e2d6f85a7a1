import Foundation

/// Oracles that the fuzz targets in `fuzz/` run on every input, and that the regression tests
/// run on every crasher kept under `Tests/Fixtures/fuzz-crashers/`.
///
/// Each oracle takes raw bytes and returns the broken properties it saw (empty when all hold).
/// A trap inside the code under test is itself a finding: the fuzzer records it as a crash.
public enum Fuzz {
    /// The package root, found from this file, for the shipped policies, calendars and examples.
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The bytes as text: UTF-8 when they are, otherwise with each bad sequence replaced, so
    /// every input reaches the parsers.
    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A small stable number from the bytes (FNV-1a), to pick among fixed choices.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// A fresh folder for one input's files; removed by the caller.
    static func scratchFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "duly-fuzz-\(getpid())-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The files of `folder`, sorted, as full paths (for replaying a folder of inputs).
    public static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { folder + "/" + $0 }
    }
}
