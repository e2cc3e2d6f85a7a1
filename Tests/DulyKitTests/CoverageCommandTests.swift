import Foundation
import Testing

@Suite("data coverage on the command line")
struct CoverageCommandTests {
    /// The finding dates in a findings JSON document.
    func dates(_ json: String) -> [String] {
        json.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "{\"date\": \"") else { return nil }
            return String(line[r.upperBound...].prefix(10))
        }
    }

    @Test("findings on an example without --as-of report nothing after the data's last day and warn that it ends early")
    func todayOnExample() throws {
        let r = try CommandLine.run(["findings", "--policy", "policies", "--data", "examples/贵州省", "--format", "json"])
        #expect(r.status == 1 || r.status == 3, "findings exist (or a later year's calendar is missing): \(r.err)")
        let found = dates(r.out)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0 <= "2024-10-12" }, "\(found.filter { $0 > "2024-10-12" })")
        #expect(r.err.contains("warning: the data ends on 2024-10-12, before the as-of date"))
        #expect(r.err.contains("not judged: no data"))
    }

    @Test("due, findings and explain warn in the user's language when the as-of date is after the data", arguments: [
        ["due"], ["findings"], ["explain", "ZA-SCH-01"],
    ])
    func warnEverywhere(_ command: [String]) throws {
        let args = command + ["--policy", "policies", "--data", "examples/贵州省", "--as-of", "2025-03-01"]
        let en = try CommandLine.run(args)
        #expect(en.err.contains("warning: the data ends on 2024-10-12, before the as-of date 2025-03-01"), "\(en.err)")
        let zh = try CommandLine.run(args, environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.err.contains("警告:数据截至 2024-10-12,早于评判日 2025-03-01"), "\(zh.err)")
        #expect(zh.err.contains("未评判(无数据)"))
        let inside = try CommandLine.run(command + ["--policy", "policies", "--data", "examples/贵州省", "--as-of", "2024-10-12"])
        #expect(!inside.err.contains("the data ends"))
        #expect(inside.err.contains("data covers 2024-09-23 to 2024-10-12"))
    }

    @Test("explain takes --from and --to like findings")
    func explainWindow() throws {
        let all = try CommandLine.run(["explain", "DZ-SCH-02", "--policy", "policies", "--data", "examples/贵州省", "--as-of", "2024-10-12", "--format", "json"])
        let cut = try CommandLine.run(["explain", "DZ-SCH-02", "--policy", "policies", "--data", "examples/贵州省", "--as-of", "2024-10-12",
                                       "--from", "2024-10-10", "--to", "2024-10-11", "--format", "json"])
        #expect(all.status == 0 && cut.status == 0, "\(cut.err)")
        let findingsOf = { (text: String) -> [String] in
            guard let r = text.range(of: "\"findings\": [") else { return [] }
            return self.dates(String(text[r.upperBound...]))
        }
        #expect(findingsOf(all.out).contains { $0 < "2024-10-10" })
        #expect(!findingsOf(cut.out).isEmpty || findingsOf(all.out).allSatisfy { $0 < "2024-10-10" || $0 > "2024-10-11" })
        #expect(findingsOf(cut.out).allSatisfy { $0 >= "2024-10-10" && $0 <= "2024-10-11" })
        let bad = try CommandLine.run(["explain", "DZ-SCH-02", "--data", "examples/贵州省", "--from", "2024-10-10", "--to", "2024-10-01"])
        #expect(bad.status == 2)
    }
}
