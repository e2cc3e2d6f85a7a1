import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation

/// The peak resident set so far (VmHWM), in MB.
func peakMemoryMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return (kb / 1024 * 10).rounded() / 10
}

func seconds(_ d: Swift.Duration) -> Double {
    let (s, a) = d.components
    return ((Double(s) + Double(a) / 1e18) * 1000).rounded() / 1000
}

func runGenerate(students: Int, out: String, directory: String) throws {
    let calendar = try CalendarLoading.loadCalendar(named: "四川", from: directory)
    let clock = ContinuousClock()
    var counts = (organisations: 0, students: 0, events: 0)
    let t = try clock.measure { counts = try Generator(students: students).run(into: out, calendar: calendar) }
    print("generated \(counts.organisations) organisations, \(counts.students) students, \(counts.events) events in \(out) (\(seconds(t)) s)")
}

/// What `duly due` does, timed phase by phase.
func runEval(data: String, policy: String, asOf: String, threads: Int) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let workspace = Workspace(paths: [policy])
    guard let program = workspace.program else { print("error: the policy has errors"); return }
    let calendars = workspace.calendars
    let loaded = clock.now
    let set = try CaseDataReader.load(data, program: program)
    let read = clock.now
    let options = EvaluationOptions(asOf: CivilDate(asOf)!, keepDue: { $0.status.isOpen }, keepsDoneDueActions: false, threads: threads)
    let report = Evaluation.run(program: program, calendars: calendars, data: set, options: options)
    let done = clock.now
    let total = seconds(done - start)
    let perSecond = Int(Double(report.events) / total)
    print("policy+calendars \(seconds(loaded - start)) s, read \(seconds(read - loaded)) s, evaluate \(seconds(done - read)) s, total \(total) s")
    print("\(report.students) students, \(report.organisations) organisations, \(report.events) events, \(report.skippedRows) bad rows")
    print("\(report.dueActions.count) open obligations, \(report.problems.count) problems")
    print("\(perSecond) events/s, peak memory \(peakMemoryMB()) MB (VmHWM)")
}
