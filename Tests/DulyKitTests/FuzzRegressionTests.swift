@testable import DulyFuzz
import DulySource
import DulySyntax
import DulyTestSupport
import Foundation
import Testing

/// The oracles of the fuzz targets in `fuzz/`, on the inputs the targets start from and on every
/// input that once broke them (`Fixtures/fuzz-crashers/<target>/`).
@Suite("fuzz oracles")
struct FuzzRegressionTests {
    static let root = TestSupport.packageRoot.path
    static let crashers = root + "/Tests/DulyKitTests/Fixtures/fuzz-crashers/"

    static func bytes(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func files(under folder: String, ending suffix: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let path = walker?.nextObject() as? String { if path.hasSuffix(suffix) { found.append(folder + "/" + path) } }
        return found.sorted()
    }

    @Test("every shipped policy, alone and with an as-of date, holds the policy target's properties",
          arguments: files(under: root + "/policies", ending: ".duly"))
    func shippedPolicies(path: String) throws {
        let text = try Self.bytes(path)
        // A shipped file takes its own place in the tree, so the tree checks and is evaluated.
        let alone = Fuzz.policyRun(text)
        #expect(alone.broken == [])
        #expect((alone.evaluatedEvents ?? 0) > 0)
        let dated = Fuzz.policyRun(text + Array("\n# as-of 2025-03-15\n".utf8))
        #expect(dated.broken == [])
        #expect((dated.evaluatedEvents ?? 0) > 0)
    }

    @Test("every example data folder reads the same in memory and spilled in halves",
          arguments: files(under: root + "/examples", ending: "events.csv"))
    func exampleData(events: String) throws {
        let folder = (events as NSString).deletingLastPathComponent
        let parts = try ["organisations.csv", "students.csv", "events.csv"].map { try Self.bytes(folder + "/" + $0) }
        let whole = Fuzz.caseDataRun(parts[0] + [0x0C] + parts[1] + [0x0C] + parts[2])
        #expect(whole.broken == [])
        #expect((whole.events ?? 0) > 0)
        #expect(Fuzz.caseData(parts[2]) == [])
    }

    @Test("every shipped calendar file, with durations of each unit, holds the calendar target's properties",
          arguments: files(under: root + "/policies/calendars", ending: ".cal"))
    func shippedCalendars(path: String) throws {
        let durations = "# 5个工作日\n# 7天内\n# 3 months\n# 2 weeks\n# 半个月\n# 1 year\n# 3个教学日\n# 0 days\n"
        #expect(Fuzz.calendar(try Self.bytes(path) + Array(durations.utf8)) == [])
    }

    /// Crashers whose bug is not fixed yet, by file name; each has a disabled test of its own below.
    static let unfixed: Set<String> = []
    /// Crashers of a carriage return without a line feed, now an error of the lexer.
    static let loneCarriageReturns = [
        "crash-43b73c830fdb76b71b10271bcd59188e9abfd354",  // `#\r1`: in a comment
        "crash-254cacc3123a608105f5d05f1f565d694f0cd015",  // `不可检查 尔"\r"{}`: in a string
    ]

    static func crashers(of target: String, unfixed wanted: Bool) -> [String] {
        Fuzz.files(in: crashers + target).filter { unfixed.contains(($0 as NSString).lastPathComponent) == wanted }
    }

    @Test("inputs that once broke the policy target hold its properties",
          arguments: crashers(of: "fuzz-policy", unfixed: false))
    func policyCrashers(path: String) throws {
        #expect(Fuzz.policy(try Self.bytes(path)) == [])
    }

    @Test("a carriage return without a line feed, in a comment or a string, is a located error, so fmt never prints it",
          arguments: loneCarriageReturns)
    func loneCarriageReturn(name: String) throws {
        let bytes = try Self.bytes(Self.crashers + "fuzz-policy/" + name)
        let file = SourceFile(path: "case.duly", text: String(decoding: bytes, as: UTF8.self))
        let (_, diagnostics) = Parser.parse(file)
        #expect(diagnostics.contains { $0.code == .unexpectedCharacter && $0.message.en == "a carriage return without a line feed" })
        #expect(Fuzz.policy(bytes) == [])
    }

    @Test("inputs that once broke the case-data target hold its properties",
          arguments: Fuzz.files(in: crashers + "fuzz-casedata"))
    func caseDataCrashers(path: String) throws {
        #expect(Fuzz.caseData(try Self.bytes(path)) == [])
    }

    @Test("inputs that once broke the calendar target hold its properties",
          arguments: Fuzz.files(in: crashers + "fuzz-calendar"))
    func calendarCrashers(path: String) throws {
        #expect(Fuzz.calendar(try Self.bytes(path)) == [])
    }
}
