import DulySyntax
import DulyTime
import DulyTestSupport
import Foundation
import Testing

/// The TextMate grammar (grammar/duly.tmLanguage.json) highlights the keyword table's words, in
/// both spellings, and nothing else as keywords but the parser's contextual words listed here:
/// a keyword added to `Keyword` without the grammar, or the other way round, fails.
@Suite("the editor grammar")
struct EditorGrammarTests {
    static let root = TestSupport.packageRoot

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path)")
    }

    static func pattern(_ grammar: [String: Any], _ name: String, _ index: Int = 0) throws -> String {
        let repository = try #require(grammar["repository"] as? [String: Any])
        let rule = try #require(repository[name] as? [String: Any], "no repository rule \(name)")
        let patterns = try #require(rule["patterns"] as? [[String: Any]])
        return try #require(patterns[index]["match"] as? String)
    }

    /// The words of a pattern's `(?:a|b|c)` alternation.
    static func words(of pattern: String) throws -> Set<String> {
        let open = try #require(pattern.range(of: "(?:"))
        let close = try #require(pattern[open.upperBound...].firstIndex(of: ")"))
        return Set(pattern[open.upperBound..<close].split(separator: "|").map { $0.replacingOccurrences(of: "\\", with: "") })
    }

    /// Words the parser reads in context that are not in the keyword table (parts of two-word
    /// forms, the organisations header, `acts as`, age tests), highlighted as keywords too.
    static let contextualEnglish: Set<String> = [
        "acts", "as", "each", "least", "order", "semester", "since", "start", "its", "first", "age", "under", "only",
        "periods", "teaching", "organisations", "time",
    ]
    static let contextualChinese: Set<String> = ["充当", "组织", "起", "之后首次", "及", "由", "含", "不含", "周岁", "不满", "未满", "已满", "满", "以上"]

    @Test("every keyword spelling of the table is highlighted, in English and in Chinese, and nothing more")
    func keywordsMatchTheTable() throws {
        let grammar = try Self.json("grammar/duly.tmLanguage.json")
        let english = try Self.words(of: Self.pattern(grammar, "keywords-english"))
        let chinese = try Self.words(of: Self.pattern(grammar, "keywords-chinese"))
        let tableEnglish = Set(Keyword.allCases.flatMap(\.english))
        let tableChinese = Set(Keyword.allCases.flatMap(\.chinese))
        #expect(tableEnglish.subtracting(english).isEmpty, "missing from the grammar: \(tableEnglish.subtracting(english).sorted())")
        #expect(tableChinese.subtracting(chinese).isEmpty, "missing from the grammar: \(tableChinese.subtracting(chinese).sorted())")
        #expect(english.subtracting(tableEnglish).subtracting(Self.contextualEnglish).isEmpty,
                "in the grammar but not the table: \(english.subtracting(tableEnglish).subtracting(Self.contextualEnglish).sorted())")
        #expect(chinese.subtracting(tableChinese).subtracting(Self.contextualChinese).isEmpty,
                "in the grammar but not the table: \(chinese.subtracting(tableChinese).subtracting(Self.contextualChinese).sorted())")
        let termsEnglish = try Self.words(of: Self.pattern(grammar, "terms", 0))
        let termsChinese = try Self.words(of: Self.pattern(grammar, "terms", 1))
        #expect(termsEnglish == Set(UnquantifiedTerm.allCases.map(\.english)))
        #expect(termsChinese == Set(UnquantifiedTerm.allCases.map(\.chinese)))
    }

    static func matches(_ pattern: String, in line: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        let ns = line as NSString
        return regex.matches(in: line, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    @Test("a Chinese keyword is highlighted as a word of its own, not inside a name")
    func chineseKeywordsStandAlone() throws {
        let grammar = try Self.json("grammar/duly.tmLanguage.json")
        let chinese = try Self.pattern(grammar, "keywords-chinese")
        for spelling in Keyword.allCases.flatMap(\.chinese) {
            #expect(try Self.matches(chinese, in: "学校 \(spelling) 劝返") == [spelling], "\(spelling)")
        }
        // 日 and 月 are keywords, 日调度 and 月度报告 are names; 须先 is not 须 followed by 先.
        #expect(try Self.matches(chinese, in: "规则 日调度 {").filter { $0 != "规则" }.isEmpty)
        #expect(try Self.matches(chinese, in: "学校 须 月度报告") == ["须"])
        #expect(try Self.matches(chinese, in: "缓学 须先 评估") == ["须先"])
        let english = try Self.pattern(grammar, "keywords-english")
        #expect(try Self.matches(english, in: "学校 must 劝返 within 5 working days") == ["must", "within"])
        #expect(try Self.matches(english, in: "rule policyholder {") == ["rule"])
    }

    @Test("every pattern of the grammar compiles")
    func patternsCompile() throws {
        let grammar = try Self.json("grammar/duly.tmLanguage.json")
        #expect(grammar["scopeName"] as? String == "source.duly")
        let repository = try #require(grammar["repository"] as? [String: [String: Any]])
        var count = 0
        for (name, rule) in repository {
            for p in rule["patterns"] as? [[String: Any]] ?? [] {
                for key in ["match", "begin", "end"] {
                    guard let pattern = p[key] as? String else { continue }
                    #expect(throws: Never.self, "\(name).\(key)") { _ = try NSRegularExpression(pattern: pattern) }
                    count += 1
                }
            }
        }
        #expect(count >= 20)
    }

    @Test("the VS Code extension contributes the grammar and starts duly lsp")
    func vscodeExtension() throws {
        let manifest = try Self.json("editors/vscode/package.json")
        let contributes = try #require(manifest["contributes"] as? [String: Any])
        let languages = try #require(contributes["languages"] as? [[String: Any]])
        #expect(languages.first?["extensions"] as? [String] == [".duly"])
        let grammars = try #require(contributes["grammars"] as? [[String: Any]])
        #expect(grammars.first?["scopeName"] as? String == "source.duly")
        let copy = try #require((manifest["scripts"] as? [String: String])?["prepare"])
        #expect(copy.contains("../../grammar/duly.tmLanguage.json"), "the extension ships the one grammar, copied")
        _ = try Self.json("editors/vscode/language-configuration.json")
        let main = try String(contentsOf: Self.root.appendingPathComponent("editors/vscode/extension.js"), encoding: .utf8)
        #expect(main.contains("[\"lsp\"]"))
    }
}
