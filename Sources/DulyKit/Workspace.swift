import DulyModel
import DulySource
import DulyTime
import Foundation

/// A policy tree opened for one command: its files read and checked once, its calendars found
/// by one rule and loaded once. `check`, `due`, `findings`, `explain`, `test` and `diff` all start
/// here, so they agree on which calendars a tree uses.
///
/// The rule: a tree's calendars are the `calendars` folder in its root (the folder whose file
/// declares the vocabulary), unless the command is given `--calendars DIR`. The lints and the
/// evaluation read the same folder.
public struct Workspace: Sendable {
    /// The checked tree: its program, diagnostics and the calendars it names, loaded.
    public let check: PolicyCheckReport

    /// The program, when the tree has no errors.
    public var program: Program? { check.errorCount == 0 ? check.program : nil }
    /// The calendars the jurisdictions name, by name (`贵州`, `national`).
    public var calendars: [String: WorkCalendar] { check.calendars }
    /// Where they were read from; nil when the tree has no calendars folder.
    public var calendarsDirectory: String? { check.calendarsDirectory }

    /// The calendars folder of the tree rooted at `root`: `override` when given, else
    /// `root/calendars` when it exists.
    public static func calendarsDirectory(root: String?, override: String? = nil) -> String? {
        if let override { return override }
        guard let root else { return nil }
        let folder = root + "/calendars"
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue ? folder : nil
    }

    /// The calendars folder of the tree that holds `policy` (a folder or a file in it).
    public static func calendarsDirectory(forPolicy policy: String, override: String? = nil) -> String? {
        calendarsDirectory(root: PolicyLoading.policyRoot(containing: policy), override: override)
    }

    /// Reads and checks the trees holding `paths`, with their calendars (`calendars` overrides
    /// the rule above).
    public init(paths: [String], calendars: String? = nil) {
        check = PolicyCheck.run(paths: paths, calendars: calendars)
    }

    /// Opens the tree at `policy` for an evaluation: it must exist, have no errors and have
    /// every calendar its jurisdictions name.
    public static func open(policy: String, calendars: String? = nil) throws(EvaluationSetupError) -> Workspace {
        guard FileManager.default.fileExists(atPath: policy) else { throw .noPolicy(policy) }
        if let calendars {
            // A folder given by hand that cannot be read is missing calendar data, not a policy error.
            do { _ = try CalendarLoading.loadLibrary(from: calendars) } catch { throw .calendars(CalendarLoading.text(of: error)) }
        }
        let workspace = Workspace(paths: [policy], calendars: calendars)
        guard let program = workspace.program else { throw .policyErrors(workspace.check) }
        for name in program.jurisdictions.keys.sorted() {
            if let c = program.calendar(for: name), workspace.calendars[c] == nil {
                throw .calendars(LocalizedText(en: "calendar `\(c)` of \(name) is not loaded", zh: "\(name) 的日历 `\(c)` 没有加载"))
            }
        }
        return workspace
    }
}
