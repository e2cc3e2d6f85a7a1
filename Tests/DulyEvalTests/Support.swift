import DulyKit
import DulyModel
import DulyTime
import Foundation

/// The repository root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The shipped policy tree and its calendars, loaded once.
let shippedPolicy: (program: Program, calendars: [String: WorkCalendar]) = {
    let check = PolicyCheck.run(paths: [repositoryRoot + "/policies"])
    guard let program = check.program, check.errorCount == 0 else { fatalError("the shipped policies have errors") }
    let calendars = try! Evaluation.calendars(for: program, from: repositoryRoot + "/policies/calendars")
    return (program, calendars)
}()

/// What `duly due` and `duly findings` print as JSON for a data folder.
func outputs(data: String, asOf: CivilDate, threads: Int = 2) throws -> (due: String, findings: String, report: EvaluationReport) {
    let (program, calendars) = shippedPolicy
    let set = try CaseDataReader.load(data, program: program)
    let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                options: EvaluationOptions(asOf: asOf, keepDue: { $0.status.isOpen }, keepFinding: { _ in true }, threads: threads))
    return (Reports.due(report, report.dueActions, format: .json), Reports.findings(report, report.findings, format: .json), report)
}

/// Compares `actual` with the golden file; `DULY_RECORD=1` rewrites it and fails, so every
/// change to a golden file is looked at.
func checkGolden(_ name: String, _ actual: String) -> String? {
    let path = repositoryRoot + "/Tests/DulyEvalTests/Golden/" + name
    if ProcessInfo.processInfo.environment["DULY_RECORD"] == "1" {
        try? actual.write(toFile: path, atomically: true, encoding: .utf8)
        return "recorded \(name); review the diff and run again without DULY_RECORD"
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else { return "no golden file \(name); run with DULY_RECORD=1" }
    if expected == actual { return nil }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false), a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let i = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
    return "\(name) differs at line \(i + 1):\n  expected: \(i < e.count ? String(e[i]) : "(end)")\n  actual:   \(i < a.count ? String(a[i]) : "(end)")"
}

/// Copies a data folder with every file's rows (not the header) shuffled.
func shuffledCopy(of folder: String, seed: UInt64) throws -> String {
    let out = NSTemporaryDirectory() + "duly-shuffle-\(seed)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var state = seed
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
        let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(next() % UInt64(i + 1))) }
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: out + "/" + name, atomically: true, encoding: .utf8)
    }
    return out
}
