import DulyTestSupport
import Foundation
import Testing
import DulySource
import DulySyntax
import DulyCheck
import DulyKit

let packageRoot = TestSupport.packageRoot.path

let goldenFolder = packageRoot + "/Tests/DulyCheckTests/Golden"

/// Splits a case into files at `--- file: NAME` lines; a case without markers is one file.
func caseFiles(_ text: String) -> [(String, String)] {
    var files: [(String, [Substring])] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("--- file: ") {
            files.append((String(line.dropFirst("--- file: ".count)), []))
        } else if files.isEmpty {
            files.append(("case.duly", [line]))
        } else {
            files[files.count - 1].1.append(line)
        }
    }
    return files.map { ($0.0, $0.1.joined(separator: "\n")) }
}

/// Parses and checks a case with the fixture vocabulary, rendering the diagnostics about the
/// case's own files in English and in Chinese.
func renderCase(_ text: String) throws -> String {
    let vocabularyText = try String(contentsOfFile: goldenFolder + "/vocabulary.fixture", encoding: .utf8)
    var files = caseFiles(text).map { SourceFile(path: $0.0, text: $0.1) }
    let caseNames = Set(files.map(\.path))
    files.append(SourceFile(path: "vocabulary.fixture", text: vocabularyText))
    let report = PolicyCheck.check(files: files, requested: { caseNames.contains($0) },
                                   calendarsDirectory: packageRoot + "/policies/calendars")
    let en = DiagnosticRenderer(style: .human, language: .en, files: report.sources).render(report.diagnostics)
    let zh = DiagnosticRenderer(style: .human, language: .zh, files: report.sources).render(report.diagnostics)
    return en + "--- zh\n" + zh
}

func goldenCases() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: goldenFolder)) ?? [])
        .filter { $0.hasSuffix(".duly") }.map { String($0.dropLast(5)) }.sorted()
}

@Suite("golden diagnostics")
struct GoldenDiagnosticTests {
    @Test("all 90 malformed inputs are there (at least 25 are required); adding one means raising this count")
    func enoughCases() {
        #expect(goldenCases().count == 90)
    }

    @Test("each malformed input gives exactly its pinned diagnostics", arguments: goldenCases())
    func golden(name: String) throws {
        let input = try String(contentsOfFile: "\(goldenFolder)/\(name).duly", encoding: .utf8)
        let actual = try renderCase(input)
        let expectedPath = "\(goldenFolder)/\(name).expected"
        if TestSupport.isRecording {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).expected; review it and run again without DULY_RECORD")
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected)
        #expect(actual.contains("error[") || actual.contains("warning["), "a malformed input must produce a diagnostic")
    }
}
