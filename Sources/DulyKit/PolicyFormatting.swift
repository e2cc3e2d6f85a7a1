import Foundation
import DulySource
import DulyFormat

/// `duly fmt`: canonical form for policy files. A file with a syntax error is never rewritten.
public enum PolicyFormatting {
    public struct Outcome: Sendable {
        public var path: String
        /// The canonical text, nil when the file could not be read or parsed.
        public var formatted: String?
        public var original: String?
        public var diagnostics: [Diagnostic]
        public var source: SourceFile?

        public var isChanged: Bool { formatted != nil && formatted != original }
    }

    public static func format(paths: [String]) -> (outcomes: [Outcome], diagnostics: [Diagnostic]) {
        let (files, listing) = PolicyLoading.policyFiles(in: paths)
        var outcomes: [Outcome] = []
        for path in files {
            let (file, readDiagnostics) = PolicyLoading.read(path: path)
            guard let file else {
                outcomes.append(Outcome(path: path, formatted: nil, original: nil, diagnostics: readDiagnostics, source: nil))
                continue
            }
            let (text, diagnostics) = Formatter.format(source: file)
            // Compare with what is on disk, byte for byte: a BOM or CRLF is a difference too.
            let raw = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            outcomes.append(Outcome(path: path, formatted: text, original: raw, diagnostics: diagnostics, source: file))
        }
        return (outcomes, listing)
    }

    /// Replaces the file atomically: the new text goes to a temporary file beside it, which is
    /// then renamed over the original, so a failure never leaves a half-written policy.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).duly-fmt-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temporary, options: [.withoutOverwriting])
            if let permissions = attributes?[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            if rename(temporary.path, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
