import DulyTestSupport
import DulyFormat
import DulySource
import Foundation
import Testing

/// Formatter output for messy inputs, kept as files so every change to the canonical form is
/// reviewed as a diff. `DULY_RECORD=1 swift test --filter GoldenTests` rewrites the outputs
/// and fails, so a re-recording never passes unnoticed.
@Suite("formatter golden files")
struct GoldenTests {
    static let isRecording = TestSupport.isRecording

    @Test("there are golden cases for every kind of mess")
    func hasCases() {
        #expect(goldenNames().count == 10)
    }

    @Test("a messy input formats to its golden output", arguments: goldenNames())
    func matchesGolden(name: String) throws {
        let inputPath = goldenDirectory + "/\(name).input.duly"
        let outputPath = goldenDirectory + "/\(name).output.duly"
        let input = try String(contentsOfFile: inputPath, encoding: .utf8)
        let (text, diagnostics) = DulyFormat.Formatter.format(source: SourceFile(path: inputPath, text: input))
        #expect(plain(diagnostics, in: input) == [])
        let actual = try #require(text)
        if Self.isRecording {
            try actual.write(toFile: outputPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).output.duly; review the diff and run again without DULY_RECORD")
            return
        }
        let expected = try? String(contentsOfFile: outputPath, encoding: .utf8)
        #expect(actual == expected, "run with DULY_RECORD=1 to rewrite \(name).output.duly, then review the diff")
    }

    @Test("a golden output is already in canonical form", arguments: goldenNames())
    func outputIsCanonical(name: String) throws {
        let output = try String(contentsOfFile: goldenDirectory + "/\(name).output.duly", encoding: .utf8)
        #expect(DulyFormat.Formatter.isFormatted(SourceFile(path: name, text: output)) == true)
    }
}
