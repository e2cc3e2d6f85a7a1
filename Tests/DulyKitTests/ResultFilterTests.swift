import Foundation
import Testing

/// `--rule`, `--kind`, `--severity`, `--org`, `--role` and `--status` narrow the lists a clerk
/// reads; each filtered list must be exactly the unfiltered one with that condition applied,
/// and a value that names nothing must be an error, not an empty list.
@Suite("filters on due and findings")
struct ResultFilterTests {
    static let data = ["--data", "examples/贵州省", "--as-of", "2024-10-12", "--format", "json"]

    /// The JSON objects under `key` of a `--format json` document.
    static func items(_ json: String, _ key: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?[key] as? [[String: Any]])
    }

    static func ids(_ items: [[String: Any]]) -> [String] {
        items.map { "\($0["subject"] ?? "")|\($0["rule"] ?? "")|\($0["date"] ?? $0["due"] ?? "")|\($0["action"] ?? "")|\($0["period"] ?? "")" }
    }

    @Test("findings filtered by catalog ID and kind are the unfiltered findings of that rule and kind")
    func findingsByRuleAndKind() throws {
        let all = try Self.items(CommandLine.run(["findings"] + Self.data).out, "findings")
        let (rule, kind) = try #require(all.first.map { ($0["citation"] as! String, $0["kind"] as! String) })
        let id = String(rule.split(separator: " ")[0])
        let filtered = try CommandLine.run(["findings"] + Self.data + ["--rule", id, "--kind", kind])
        #expect(filtered.status == 1, "there are findings")
        let expected = all.filter { ($0["citation"] as! String).split(separator: " ").first.map(String.init) == id && $0["kind"] as? String == kind }
        #expect(!expected.isEmpty)
        #expect(Self.ids(try Self.items(filtered.out, "findings")) == Self.ids(expected))
        #expect(expected.count < all.count, "the filter must leave something out for this test to mean anything")
    }

    @Test("findings filtered by organisation name and severity keep only that organisation's")
    func findingsByOrganisation() throws {
        let all = try Self.items(CommandLine.run(["findings"] + Self.data).out, "findings")
        let name = try #require(all.compactMap { $0["organisationName"] as? String }.first)
        let filtered = try CommandLine.run(["findings"] + Self.data + ["--org", name, "--severity", "error"])
        let expected = all.filter { $0["organisationName"] as? String == name && $0["severity"] as? String == "error" }
        #expect(expected.count < all.count)
        #expect(Self.ids(try Self.items(filtered.out, "findings")) == Self.ids(expected))
    }

    @Test("due filtered by status and role keeps exactly those obligations")
    func dueByStatusAndRole() throws {
        let all = try Self.items(CommandLine.run(["due"] + Self.data).out, "dueActions")
        let first = try #require(all.first)
        let (status, role) = (try #require(first["status"] as? String), try #require(first["role"] as? String))
        let filtered = try CommandLine.run(["due"] + Self.data + ["--status", status, "--role", role])
        #expect(filtered.status == 0)
        let expected = all.filter { $0["status"] as? String == status && $0["role"] as? String == role }
        #expect(!expected.isEmpty && expected.count < all.count)
        #expect(Self.ids(try Self.items(filtered.out, "dueActions")) == Self.ids(expected))
    }

    @Test("a filter that names nothing is bad usage with a suggestion, in the user's language", arguments: [
        (["findings", "--rule", "GZ-55"], "en", "--rule `GZ-55` matches nothing; did you mean"),
        (["findings", "--kind", "misssed"], "en", "one of: late, missed"),
        (["due", "--role", "班主人"], "zh", "--role `班主人` 没有匹配项;是否应为 `班主任`?"),
        (["due", "--org", "道真县教育厅"], "en", "--org `道真县教育厅` matches nothing"),
        (["due", "--status", "done-on-time"], "en", "one of: open, due-soon, overdue"),
    ])
    func unknownValues(arguments: [String], language: String, message: String) throws {
        let r = try CommandLine.run(arguments + Self.data + ["--lang", language])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(message), "\(r.err)")
    }
}
