import Foundation
import DulySource

/// Renderings of a `duly test` run.
public enum PolicyTestReports {
    /// One block per failing case, one line per failing expectation, then `N passed, N failed`.
    public static func text(_ report: PolicyTestReport, language: MessageLanguage, coverage: Bool) -> String {
        var out = ""
        let zh = language == .zh
        for r in report.results where !r.passed {
            out += "\(zh ? "失败" : "FAIL") " + TerminalText.visible("\(r.file):\(r.line) \(r.name)") + "\n"
            for f in r.failures { out += "  " + TerminalText.visible(f) + "\n" }
        }
        if coverage {
            if report.uncovered.isEmpty {
                out += zh ? "覆盖:每条可检查的规则都有测试\n" : "coverage: every checkable rule is exercised\n"
            } else {
                out += zh ? "没有测试覆盖的规则:\n" : "rules no test exercises:\n"
                for rule in report.uncovered {
                    let loc = report.sources[rule.place.path].map { ":\($0.location(of: rule.place.span.start).line)" } ?? ""
                    out += "  \(rule.id)  \(rule.place.path)\(loc)  \(rule.catalogIDs.map(\.rawValue).joined(separator: ", "))\n"
                }
            }
        }
        out += "\(report.passed) passed, \(report.failed) failed\n"
        return out
    }

    /// JUnit XML, one test suite per file, for CI systems that show test results.
    public static func junit(_ report: PolicyTestReport) -> String {
        func escape(_ s: String) -> String {
            var out = ""
            for c in s.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                default: if c.value >= 0x20 || c == "\n" || c == "\t" { out.unicodeScalars.append(c) }
                }
            }
            return out
        }
        let byFile = Dictionary(grouping: report.results, by: \.file)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"duly test\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\">\n"
        for file in byFile.keys.sorted() {
            let results = byFile[file]!
            let seconds = results.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(escape(file))\" tests=\"\(results.count)\" failures=\"\(results.filter { !$0.passed }.count)\" time=\"\(String(format: "%.3f", seconds))\">\n"
            for r in results {
                out += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(r.name))\" time=\"\(String(format: "%.3f", r.seconds))\""
                if r.passed {
                    out += "/>\n"
                } else {
                    out += ">\n      <failure message=\"\(escape(r.failures.first ?? ""))\">\(escape(r.failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
