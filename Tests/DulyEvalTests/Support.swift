import DulyData
import DulyTestSupport
import DulyKit
import DulyModel
import DulyTime
import Foundation

/// The repository root, found from this file.
let repositoryRoot = TestSupport.packageRoot.path

/// The shipped policy tree and its calendars, loaded once.
let shippedPolicy: (program: Program, calendars: [String: WorkCalendar]) = {
    let workspace = Workspace(paths: [repositoryRoot + "/policies"])
    guard let program = workspace.program else { fatalError("the shipped policies have errors") }
    return (program, workspace.calendars)
}()

/// What `duly due` and `duly findings` print as JSON for a data folder.
func outputs(data: String, asOf: CivilDate, threads: Int = 2, spill: SpillPolicy = .standard,
             parallelThreshold: Int = CaseDataReader.defaultParallelThreshold) throws -> (due: String, findings: String, report: EvaluationReport) {
    let (program, calendars) = shippedPolicy
    let set = try CaseDataReader.load(data, program: program, parallelThreshold: parallelThreshold, spill: spill)
    let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                options: EvaluationOptions(asOf: asOf, keepDue: { $0.status.isOpen }, keepFinding: { _ in true }, threads: threads))
    return (Reports.due(report, report.dueActions, format: .json), Reports.findings(report, report.findings, format: .json), report)
}

/// Compares `actual` with the golden file; `DULY_RECORD=1` rewrites it and fails, so every
/// change to a golden file is looked at.
func checkGolden(_ name: String, _ actual: String) -> String? {
    let path = repositoryRoot + "/Tests/DulyEvalTests/Golden/" + name
    if TestSupport.isRecording {
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
    try TestSupport.shuffleCSVFiles(from: folder, to: out, seed: seed)
    return out
}
