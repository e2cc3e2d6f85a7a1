import DulyTestSupport
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

@Suite("opening a policy tree with its calendars")
struct WorkspaceTests {
    let policies = TestSupport.packageRoot.appendingPathComponent("policies").path

    /// A copy of the shipped tree in a temporary folder, with or without its calendars.
    func copiedTree(withCalendars: Bool) throws -> String {
        let folder = NSTemporaryDirectory() + "duly-workspace-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: policies, toPath: folder)
        if !withCalendars { try FileManager.default.removeItem(atPath: folder + "/calendars") }
        return folder
    }

    @Test("a tree's calendars are the `calendars` folder in its root, from a file or a folder deep inside it")
    func calendarsOfTheRoot() throws {
        let county = policies + "/四川省/巴中市/通江县.duly"
        #expect(Workspace.calendarsDirectory(forPolicy: policies) == policies + "/calendars")
        #expect(Workspace.calendarsDirectory(forPolicy: county) == policies + "/calendars")
        #expect(Workspace.calendarsDirectory(forPolicy: policies + "/贵州省") == policies + "/calendars")
        #expect(Workspace.calendarsDirectory(forPolicy: county, override: "/elsewhere") == "/elsewhere")
    }

    @Test("the calendars the lints load are the ones the evaluation uses: read once")
    func loadedOnce() throws {
        let workspace = try Workspace.open(policy: policies)
        let program = try #require(workspace.program)
        #expect(workspace.calendarsDirectory == policies + "/calendars")
        let named = Set(program.jurisdictions.keys.compactMap { program.calendar(for: $0) })
        #expect(Set(workspace.calendars.keys) == named)
        #expect(workspace.check.calendars.keys.sorted() == workspace.calendars.keys.sorted())
    }

    @Test("a tree without a calendars folder is a policy error naming the calendar; a --calendars folder serves it")
    func withoutCalendars() throws {
        let tree = try copiedTree(withCalendars: false)
        defer { try? FileManager.default.removeItem(atPath: tree) }
        #expect(Workspace.calendarsDirectory(forPolicy: tree) == nil)
        do {
            _ = try Workspace.open(policy: tree)
            Issue.record("a tree without calendars opened")
        } catch {
            guard case .policyErrors(let check) = error else { Issue.record("\(error)"); return }
            #expect(check.diagnostics.contains { $0.code.id == "D0601" && $0.message.en.contains("no usable calendars folder") })
        }
        let served = try Workspace.open(policy: tree, calendars: policies + "/calendars")
        #expect(served.program != nil)
        #expect(served.calendarsDirectory == policies + "/calendars")
    }

    @Test("a --calendars folder that cannot be read is missing calendar data, not a policy error")
    func unreadableOverride() {
        do {
            _ = try Workspace.open(policy: policies, calendars: "/nonexistent/calendars")
            Issue.record("an unreadable calendars folder was accepted")
        } catch {
            guard case .calendars(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.en.contains("/nonexistent/calendars"))
            #expect(message.zh.contains("无法读取日历文件夹"))
        }
    }

    @Test("no policy at the path is bad usage")
    func noPolicy() {
        do {
            _ = try Workspace.open(policy: "/nonexistent/policies")
            Issue.record("a missing policy opened")
        } catch {
            guard case .noPolicy = error else { Issue.record("\(error)"); return }
        }
    }
}
