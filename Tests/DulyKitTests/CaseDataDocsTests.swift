@testable import DulyData
import Foundation
import Testing
@testable import DulyKit

/// Every header name the case-data reader accepts is documented, in both languages' docs.
@Suite("case-data docs")
struct CaseDataDocsTests {
    @Test("docs/case-data.md and docs/case-data.zh.md list every accepted column name", arguments: ["docs/case-data.md", "docs/case-data.zh.md"])
    func columnsDocumented(doc: String) throws {
        let text = try String(contentsOf: CommandLine.root.appendingPathComponent(doc), encoding: .utf8)
        for (slot, names) in Columns.organisation + Columns.student + Columns.event + CoverageTable.columns + SchoolCalendarTable.columns {
            for name in names {
                #expect(text.contains("`\(name)`"), "\(doc) does not mention `\(name)` (column \(slot))")
            }
        }
    }
}
