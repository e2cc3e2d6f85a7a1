import Foundation

/// What every test target shares: where the package is, how golden files are re-recorded, and
/// a seeded random generator, so each is written once.
public enum TestSupport {
    /// The package root, found from this file so tests run from any working directory.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `DULY_RECORD=1` rewrites golden files (and the tests that did so then fail, so every
    /// change to a golden is reviewed); any other value, or none, compares.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["DULY_RECORD"] == "1" }
}

/// A deterministic generator (SplitMix64), so a failing generated input can be replayed from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension TestSupport {
    /// Copies the CSV files of a data folder into `destination` with their rows (not the header)
    /// shuffled by `seed`: evaluation must give the same bytes whatever the row order.
    public static func shuffleCSVFiles(from folder: String, to destination: String, seed: UInt64) throws {
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: seed)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".csv") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            lines.shuffle(using: &generator)
            try ([header] + lines).joined(separator: "\n").appending("\n")
                .write(toFile: destination + "/" + name, atomically: true, encoding: .utf8)
        }
    }
}

extension TestSupport {
    /// The example blocks of grammar/duly.ebnf (`(*@example name` … `*)`), which the parser and the
    /// formatter are both tested on. Empty when the file is missing; callers pin the count.
    public static func grammarExamples() -> [(name: String, text: String)] {
        guard let text = try? String(contentsOf: packageRoot.appendingPathComponent("grammar/duly.ebnf"), encoding: .utf8) else { return [] }
        var examples: [(String, String)] = []
        var current: (String, [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("(*@example ") {
                current = (String(line.dropFirst("(*@example ".count)), [])
            } else if line == "*)", let c = current {
                examples.append((c.0, c.1.joined(separator: "\n") + "\n"))
                current = nil
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return examples
    }
}

extension TestSupport {
    /// Removes what a test made in the temporary directory: the entry directly under it that
    /// holds `path`, so a file deep in a temporary tree takes the whole tree with it. A path
    /// outside the temporary directory is left alone.
    public static func removeTemporary(_ path: String) {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.pathComponents
        let parts = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        guard parts.count > base.count, Array(parts.prefix(base.count)) == base else { return }
        try? FileManager.default.removeItem(atPath: NSString.path(withComponents: Array(parts.prefix(base.count + 1))))
    }

    public static func removeTemporary(_ url: URL) { removeTemporary(url.path) }
}
