import DulySource

/// A table written inside a policy test: a CSV header line, then one row a line, in the same
/// columns the case-data files use, so staff learn one format.
public struct TestTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, cells: [String])]
    /// The line of the section keyword.
    public var line: Int

    /// The table as CSV text, to load through the real case-data reader.
    public var csv: String {
        ([header] + rows.map(\.cells)).map { $0.map(TestTable.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ cell: String) -> String {
        // Looked for byte by byte: `String.contains(_: String)` goes through Foundation's
        // locale-aware search, which was most of the time a case took to build its tables.
        cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }
}

/// One case: given the shared organisations and students and these events, at this date,
/// expect these open duties and these findings, and nothing else unless `others allowed`.
public struct TestCase: Sendable {
    public var name: String
    public var line: Int
    public var asOf: String?
    public var events: TestTable?
    public var expectedDue: TestTable?
    public var expectedFindings: TestTable?
    /// `others allowed` / `其余不计`: duties and findings not listed do not fail the case.
    public var othersAllowed = false
    /// `only rules 一三五七, 户籍地回复` / `仅限规则 …`: compare only what these rules produce
    /// (a rule's name, or `jurisdiction/name`), so a case about one rule need not list the
    /// recurring duties every organisation has.
    public var onlyRules: [String]?
}

/// A policy test file (`*.dulytest`), kept beside the policy it tests.
public struct PolicyTestFile: Sendable {
    public var path: String
    public var source: SourceFile
    /// The jurisdiction whose rules the cases run under (`policy 通江县` / `政策 通江县`); when
    /// absent, the file's name (`通江县.dulytest`).
    public var jurisdiction: String?
    public var organisations: TestTable?
    public var students: TestTable?
    public var cases: [TestCase]
}
