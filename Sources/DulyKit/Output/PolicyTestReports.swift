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
            for f in r.failures { out += "  " + TerminalText.visible(failure(f, language)) + "\n" }
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
        out += zh ? "通过 \(report.passed) 个,失败 \(report.failed) 个\n" : "\(report.passed) passed, \(report.failed) failed\n"
        return out
    }

    /// A failing expectation, one line in `language`.
    public static func failure(_ f: TestFailure, _ language: MessageLanguage) -> String {
        let zh = language == .zh
        func kind(_ k: TestFailure.ResultKind) -> String { zh ? (k == .due ? "待办" : "问题") : k.rawValue }
        // A result's columns under the names a test file may use in each language.
        func cells(_ cs: [ResultCell]) -> String {
            cs.map { "\(zh ? chineseColumn[$0.column] ?? $0.column : $0.column)=\($0.value)" }.joined(separator: " ")
        }
        switch f {
        case .noAsOf:
            return zh ? "该用例没有有效的 `as of`(评判日)日期" : "the case has no valid `as of` date"
        case .unreadableData(let message):
            return zh ? "无法读取该用例的数据:\(message.zh)" : "the case's data cannot be read: \(message.en)"
        case .badData(let line, let issue):
            let text = line.map { zh ? "第 \($0) 行:\(issue.message(in: language))" : "line \($0): \(issue.message(in: language))" } ?? issue.text(in: language)
            return zh ? "测试数据有误:\(text)" : "bad test data: \(text)"
        case .problem(let p):
            return zh ? "评判问题:\(p.message(in: language))" : "evaluation problem: \(p.message(in: language))"
        case .unknownRule(let line, let name):
            return zh ? "第 \(line) 行:`only rules`(仅限规则)中的 `\(name)` 不是任何规则" : "line \(line): `only rules` names no rule `\(name)`"
        case .unknownColumn(let line, let k, let column):
            return zh ? "第 \(line) 行:\(kind(k))表没有 `\(column)` 这一列" : "line \(line): unknown \(kind(k)) column `\(column)`"
        case .notFound(let line, let k, let expected, let closest):
            let hint = closest.isEmpty ? "" : (zh ? ";最接近的:" : "; closest: ") + closest.map(cells).joined(separator: " | ")
            return zh ? "第 \(line) 行:预期的\(kind(k)) \(expected) 没有出现\(hint)" : "line \(line): expected \(kind(k)) \(expected), found none\(hint)"
        case .unexpected(let k, let summary):
            return zh ? "多出的\(kind(k)):\(cells(summary))" : "unexpected \(kind(k)): \(cells(summary))"
        }
    }

    /// The Chinese header names of result columns (each one a test file accepts).
    static let chineseColumn = ["subject": "对象", "action": "行为", "role": "角色", "organisation": "组织", "due": "截止", "status": "状态",
                                "rule": "规则", "kind": "类型", "date": "日期"]

    /// JUnit XML, one test suite per file, for CI systems that show test results.
    ///
    /// Nothing is left out that would make a broken run look green: a test file that cannot be
    /// read or parsed, and an error in the policy tree it tests, are `<error>` test cases of that
    /// file's suite; with `coverage`, each checkable rule no case exercises is a failing test case
    /// of a `coverage` suite.
    public static func junit(_ report: PolicyTestReport, coverage: Bool = false) -> String {
        func escape(_ s: String) -> String { XMLText.escape(s) }
        func place(_ d: Diagnostic) -> String {
            guard let span = d.span, let file = report.sources[d.path] else { return d.path }
            let loc = file.location(of: span.start)
            return "\(d.path):\(loc.line):\(loc.column)"
        }
        let byFile = Dictionary(grouping: report.results, by: \.file)
        let errorsByFile = Dictionary(grouping: report.diagnostics.filter(\.isError), by: \.path)
        let uncovered = coverage ? report.uncovered : []
        let errorCount = errorsByFile.values.reduce(0) { $0 + $1.count }
        let total = report.results.count + errorCount + uncovered.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"duly test\" tests=\"\(total)\" failures=\"\(report.failed + uncovered.count)\" errors=\"\(errorCount)\">\n"
        for file in Set(byFile.keys).union(errorsByFile.keys).sorted() {
            let results = byFile[file] ?? []
            let errors = (errorsByFile[file] ?? []).sorted { ($0.span?.start ?? -1) < ($1.span?.start ?? -1) }
            let seconds = results.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(escape(file))\" tests=\"\(results.count + errors.count)\" failures=\"\(results.filter { !$0.passed }.count)\" errors=\"\(errors.count)\" time=\"\(String(format: "%.3f", seconds))\">\n"
            for d in errors {
                let message = "\(place(d)): \(d.code.id): \(d.message.en)"
                out += "    <testcase classname=\"\(escape(file))\" name=\"\(escape("\(d.code.id) \(place(d))"))\" time=\"0.000\">\n"
                out += "      <error type=\"\(d.code.id)\" message=\"\(escape(message))\">\(escape(message))</error>\n    </testcase>\n"
            }
            for r in results {
                out += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(r.name))\" time=\"\(String(format: "%.3f", r.seconds))\""
                if r.passed {
                    out += "/>\n"
                } else {
                    let failures = r.failures.map { failure($0, .en) }
                    out += ">\n      <failure message=\"\(escape(failures.first ?? ""))\">\(escape(failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        if !uncovered.isEmpty {
            out += "  <testsuite name=\"coverage\" tests=\"\(uncovered.count)\" failures=\"\(uncovered.count)\" errors=\"0\" time=\"0.000\">\n"
            for rule in uncovered {
                let loc = report.sources[rule.place.path].map { ":\($0.location(of: rule.place.span.start).line)" } ?? ""
                let message = "no test case exercises \(rule.id) (\(rule.place.path)\(loc); \(rule.catalogIDs.map(\.rawValue).joined(separator: ", ")))"
                out += "    <testcase classname=\"coverage\" name=\"\(escape(rule.id.rawValue))\" time=\"0.000\">\n"
                out += "      <failure message=\"\(escape(message))\">\(escape(message))</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
