import DulyKit
import DulyTestSupport
import Foundation
import Testing

/// `duly fmt --diff`: a unified diff that turns each file into its canonical form.
@Suite("fmt --diff")
struct FormatDiffTests {
    /// Applies a unified diff to `text` the way `patch` does, checking every context and removed
    /// line against the text.
    static func apply(_ diff: String, to text: String) -> String? {
        var old = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if old.last == "" { old.removeLast() }
        var result: [String] = []
        var i = 0
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst(2)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.hasPrefix("@@") {
                let start = Int(line.dropFirst(4).prefix { $0 != "," })!
                let target = max(0, start - 1)
                while i < target { result.append(old[i]); i += 1 }
                continue
            }
            let body = String(line.dropFirst())
            switch line.first {
            case " ": guard i < old.count, old[i] == body else { return nil }; result.append(body); i += 1
            case "-": guard i < old.count, old[i] == body else { return nil }; i += 1
            case "+": result.append(body)
            default: return nil
            }
        }
        while i < old.count { result.append(old[i]); i += 1 }
        return result.joined(separator: "\n") + "\n"
    }

    @Test("the diff of every shipped policy file, mangled, turns it into its canonical form", arguments: 0..<6)
    func diffApplies(seed: Int) throws {
        let (outcomes, _) = PolicyFormatting.format(paths: [TestSupport.packageRoot.appendingPathComponent("policies").path])
        var generator = SplitMix64(seed: UInt64(seed))
        for outcome in outcomes {
            guard let canonical = outcome.formatted else { continue }
            // Strip the indentation of some lines and double the spaces of others.
            let mangled = canonical.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                switch generator.next() % 5 {
                case 0: return line.trimmingCharacters(in: .whitespaces)
                case 1: return line.replacingOccurrences(of: " ", with: "  ")
                default: return String(line)
                }
            }.joined(separator: "\n")
            let diff = PolicyFormatting.unifiedDiff(path: outcome.path, original: mangled, formatted: canonical)
            if mangled == canonical { #expect(diff.isEmpty); continue }
            #expect(diff.hasPrefix("--- \(outcome.path)\n+++ \(outcome.path) (formatted)\n@@ -"))
            #expect(Self.apply(diff, to: mangled) == canonical, "\(outcome.path) seed \(seed)")
        }
    }

    @Test("a file in canonical form has no diff, and the command exits 0; one that is not exits 1")
    func command() throws {
        let path = try CommandLine.temporaryFile("政策   测试县 {\n使用 控辍保学\n}\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let r = try CommandLine.run(["fmt", "--diff", path])
        #expect(r.status == 1)
        #expect(r.out == "--- \(path)\n+++ \(path) (formatted)\n@@ -1,3 +1,3 @@\n-政策   测试县 {\n-使用 控辍保学\n+政策 测试县 {\n+  使用 控辍保学\n }\n")
        #expect(try CommandLine.run(["fmt", "--diff", "policies/教育部.duly"]).out.isEmpty)
        #expect(try CommandLine.run(["fmt", "--diff", "--write", path]).status == 2)
    }
}
