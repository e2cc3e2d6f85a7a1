@testable import DulyKit
import DulySource
import DulyTestSupport
import Foundation
import Testing

/// The language server's parts without a process: positions, framing and the message handling.
@Suite("the language server's parts")
struct LanguageServerTests {
    @Test("positions count UTF-16 code units: a Chinese character is one, a character outside the BMP two")
    func utf16Positions() {
        // 𠀀 (U+20000) is a surrogate pair in UTF-16 and four bytes in UTF-8.
        let file = SourceFile(path: "x.duly", text: "规则 x {\n  𠀀班主任 须 劝返\n}\n")
        let offset = file.text.utf8.count - "班主任 须 劝返\n}\n".utf8.count
        let p = file.position(of: offset, encoding: .utf16)
        #expect(p == TextPosition(line: 1, character: 4))
        #expect(file.offset(of: p, encoding: .utf16) == offset)
        #expect(file.position(of: offset, encoding: .utf8) == TextPosition(line: 1, character: 6))
        #expect(file.position(of: offset, encoding: .utf32) == TextPosition(line: 1, character: 3))
        // Inside the surrogate pair: the start of the character. Past the line's end: its end.
        #expect(file.offset(of: TextPosition(line: 1, character: 3), encoding: .utf16) == offset - 4)
        #expect(file.offset(of: TextPosition(line: 0, character: 99), encoding: .utf16) == "规则 x {".utf8.count)
        #expect(file.offset(of: TextPosition(line: 9, character: 0), encoding: .utf16) == file.bytes.count)
    }

    @Test("an incremental change replaces a UTF-16 range of a Chinese line, CRLF line ends kept")
    func incrementalChange() {
        let file = SourceFile(path: "x.duly", text: "政策 甲县 {\r\n  继承 乙省\r\n}\r\n")
        let range = TextRange(start: TextPosition(line: 1, character: 5), end: TextPosition(line: 1, character: 7))
        #expect(file.replacing(range, with: "甲省", encoding: .utf16) == "政策 甲县 {\r\n  继承 甲省\r\n}\r\n")
        #expect(file.offset(of: TextPosition(line: 1, character: 99), encoding: .utf16) == "政策 甲县 {\r\n  继承 乙省".utf8.count)
    }

    @Test("the server takes UTF-16 unless the client offers only another encoding")
    func encodingNegotiation() {
        #expect(PositionEncoding.negotiate(nil) == .utf16)
        #expect(PositionEncoding.negotiate(["utf-8", "utf-16"]) == .utf16)
        #expect(PositionEncoding.negotiate(["utf-8"]) == .utf8)
        #expect(PositionEncoding.negotiate(["latin-1"]) == .utf16)
    }

    @Test("framing: split and joined messages, a bad header skipped, an over-large body refused")
    func framing() {
        var framer = MessageFramer()
        let one = MessageFramer.frame(Data(#"{"a":1}"#.utf8)), two = MessageFramer.frame(Data(#"{"b":"班"}"#.utf8))
        let stream = one + Data("X-Nothing: 1\r\n\r\n".utf8) + two
        var frames: [MessageFramer.Frame] = []
        for byte in stream { frames += framer.feed(Data([byte])) }
        #expect(frames.count == 3)
        if case .body(let b) = frames[0] { #expect(b == Data(#"{"a":1}"#.utf8)) } else { Issue.record("\(frames[0])") }
        if case .malformed = frames[1] {} else { Issue.record("\(frames[1])") }
        if case .body(let b) = frames[2] { #expect(String(decoding: b, as: UTF8.self) == #"{"b":"班"}"#) } else { Issue.record("\(frames[2])") }
        var big = MessageFramer()
        let refused = big.feed(Data("Content-Length: \(MessageFramer.maximumBodySize + 1)\r\n\r\n".utf8))
        #expect(refused.count == 1)
    }

    /// A server fed messages directly; what it sends is collected.
    final class Harness {
        var sent: [[String: Any]] = []
        lazy var server = LanguageServer(language: .en) { [unowned self] in self.sent.append($0) }
        func call(_ id: Int, _ method: String, _ params: [String: Any]) -> [String: Any] {
            server.handle(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
            return sent.removeLast()
        }
        func notify(_ method: String, _ params: [String: Any]) { server.handle(["jsonrpc": "2.0", "method": method, "params": params]) }
        /// Initializes the server and opens the fixture tree's county file.
        func openCounty() throws -> (county: URL, text: String) {
            _ = call(1, "initialize", ["capabilities": [String: Any]()])
            let county = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/lsp-tree/甲县.duly")
            let text = try String(contentsOf: county, encoding: .utf8)
            notify("textDocument/didOpen", ["textDocument": ["uri": county.absoluteString, "languageId": "duly", "version": 1, "text": text]])
            return (county, text)
        }
    }

    @Test("requests before initialize are refused; definitions and references reach across the tree")
    func navigation() throws {
        let h = Harness()
        #expect((h.call(1, "textDocument/hover", [:])["error"] as? [String: Any])?["code"] as? Int == -32002)
        _ = h.call(2, "initialize", ["capabilities": [String: Any]()])
        let tree = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/lsp-tree")
        let county = tree.appendingPathComponent("甲县.duly")
        let text = try String(contentsOf: county, encoding: .utf8)
        h.notify("textDocument/didOpen", ["textDocument": ["uri": county.absoluteString, "languageId": "duly", "version": 1, "text": text]])
        #expect(h.server.hasPendingDiagnostics)
        h.server.publishPendingDiagnostics()
        #expect(((h.sent.last?["params"] as? [String: Any])?["diagnostics"] as? [Any])?.isEmpty == true)
        func at(_ marker: String, _ offset: Int = 1) -> [String: Any] {
            ["textDocument": ["uri": county.absoluteString], "position": lspPosition(of: marker, in: text, offset: offset), "context": ["includeDeclaration": true]]
        }
        // `继承 甲省` goes to the province's header.
        let parent = try #require(h.call(3, "textDocument/definition", at("甲省", 1))["result"] as? [[String: Any]])
        #expect((parent.first?["uri"] as? String)?.removingPercentEncoding?.hasSuffix("/甲省.duly") == true)
        // The parameter in the rule goes to the override in force here; the override to the province's declaration.
        let inForce = try #require(h.call(4, "textDocument/definition", at("劝返时限 内"))["result"] as? [[String: Any]])
        #expect((inForce.first?["uri"] as? String)?.removingPercentEncoding?.hasSuffix("/甲县.duly") == true)
        let overridden = try #require(h.call(5, "textDocument/definition", at("覆盖 劝返时限", 4))["result"] as? [[String: Any]])
        #expect((overridden.first?["uri"] as? String)?.removingPercentEncoding?.hasSuffix("/甲省.duly") == true)
        // The role's references: its declaration, a relation's mention and the duty.
        let references = try #require(h.call(6, "textDocument/references", at("班主任 须"))["result"] as? [[String: Any]])
        #expect(references.count == 2)
        // A catalog ID's hover names the document and the rule that cites it.
        let hover = try #require(((h.call(7, "textDocument/hover", at("依据 JX-1 \"", 4))["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(hover.contains("县文件") && hover.contains("`甲县/劝返学生`"), "\(hover)")
        // A duration's hover says how it counts.
        let duration = try #require(((h.call(8, "textDocument/hover", at("3个工作日", 1))["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(duration.contains("Working days") && duration.contains("never moves"), "\(duration)")
        // A keyword's hover gives its spellings in both languages.
        let keyword = try #require(((h.call(11, "textDocument/hover", at("须 劝返", 0))["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(keyword.contains("`must`") && keyword.contains("`应当`"), "\(keyword)")
        // The outline lists the policy, the override and the rule.
        let symbols = try #require(h.call(9, "textDocument/documentSymbol", ["textDocument": ["uri": county.absoluteString]])["result"] as? [[String: Any]])
        #expect(symbols.map { $0["name"] as? String } == ["甲县", "劝返时限", "劝返学生"])
        // Go to symbol across the tree: the province's parameter declaration and the county's override.
        let symbols2 = try #require(h.call(12, "workspace/symbol", ["query": "劝返时"])["result"] as? [[String: Any]])
        #expect(Set(symbols2.compactMap { $0["containerName"] as? String }) == ["甲省", "甲县"], "\(symbols2)")
        // Completion after 依据 offers catalog IDs only.
        let ids = try #require((h.call(10, "textDocument/completion", at("依据 JX-1 \"", 3))["result"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(Set(ids.compactMap { $0["label"] as? String }) == ["JS-1", "JX-1"])
    }

    @Test("the hover of `reason`/`原因` says which language each carries, in the user's language; another keyword's does not")
    func reasonHover() throws {
        let source = SourceFile(path: "a.duly", text: "不可检查 甲 {\n  原因 \"说明\"\n  reason \"why\"\n}\n")
        for (language, phrase) in [(MessageLanguage.en, "is the English reason"), (.zh, "是英文原因")] {
            let server = LanguageServer(language: language) { _ in }
            for word in ["原因", "reason"] {
                let offset = source.text.utf8.count - (source.text.components(separatedBy: word).last ?? "").utf8.count - 1
                let hover = try #require(server.describeKeyword(at: offset, in: source)?.0)
                #expect(hover.contains(phrase), "\(hover)")
            }
            let other = try #require(server.describeKeyword(at: 2, in: source)?.0)
            #expect(!other.contains(phrase))
        }
    }

    @Test("completion in a Chinese file offers both spellings of a reason, each saying which language it carries")
    func reasonCompletion() throws {
        let h = Harness()
        let (county, text) = try h.openCounty()
        let position = lspPosition(of: "班主任 须", in: text, offset: 0)
        let items = try #require((h.call(2, "textDocument/completion", ["textDocument": ["uri": county.absoluteString], "position": position])["result"]
            as? [String: Any])?["items"] as? [[String: Any]])
        let detail = Dictionary(items.compactMap { i in (i["label"] as? String).map { ($0, i["detail"] as? String) } }, uniquingKeysWith: { a, _ in a })
        #expect(detail["原因"] == "the Chinese reason")
        #expect(detail["reason"] == "the English reason")
        // Other keywords are offered in the file's own language only.
        #expect(detail["须"] != nil && detail["must"] == nil)
    }

    @Test("semantic tokens: names by what they name, keywords, durations and strings, in UTF-16 columns")
    func semanticTokens() throws {
        let h = Harness()
        let (county, text) = try h.openCounty()
        let data = try #require((h.call(2, "textDocument/semanticTokens/full", ["textDocument": ["uri": county.absoluteString]])["result"] as? [String: Any])?["data"] as? [Int])
        #expect(data.count % 5 == 0)
        // Decode to (line, column, length) → type name.
        var tokens: [String: String] = [:]
        var line = 0, column = 0
        for i in stride(from: 0, to: data.count, by: 5) {
            line += data[i]
            column = data[i] == 0 ? column + data[i + 1] : data[i + 1]
            let lines = text.components(separatedBy: "\n")
            let utf16 = Array(lines[line].utf16)
            let word = String(decoding: utf16[column..<column + data[i + 2]], as: UTF16.self)
            tokens["\(line):\(word)"] = LanguageServer.semanticTokenTypes[data[i + 3]] + (data[i + 4] & 2 != 0 ? "/readonly" : "")
        }
        let duty = lspPosition(of: "班主任 须", in: text)["line"]!
        #expect(tokens["\(duty):班主任"] == "class")
        #expect(tokens["\(duty):须"] == "keyword")
        #expect(tokens["\(duty):劝返"] == "event")
        #expect(tokens["\(duty):劝返时限"] == "variable/readonly")
        #expect(tokens["\(duty):内"] == "keyword")
        let override = lspPosition(of: "覆盖 劝返时限", in: text)["line"]!
        #expect(tokens["\(override):3个工作日"] == "number")
        #expect(tokens["\(override):JX-1"] == "enumMember")
        #expect(tokens["\(override):\"县文件规定 3 个工作日\""] == "string")
        #expect(tokens["0:甲县"] == "namespace")
    }

    @Test("a parent file changed on disk behind the editor is read again at the next request")
    func diskChange() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-lsp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/lsp-tree"), to: dir)
        let h = Harness()
        _ = h.call(1, "initialize", ["capabilities": [String: Any]()])
        let county = dir.appendingPathComponent("甲县.duly"), province = dir.appendingPathComponent("甲省.duly")
        let text = try String(contentsOf: county, encoding: .utf8)
        h.notify("textDocument/didOpen", ["textDocument": ["uri": county.absoluteString, "languageId": "duly", "version": 1, "text": text]])
        let params: [String: Any] = ["textDocument": ["uri": county.absoluteString], "position": lspPosition(of: "劝返时限 内", in: text, offset: 1)]
        func hover(_ id: Int) -> String { ((h.call(id, "textDocument/hover", params)["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? "" }
        #expect(hover(2).contains("`甲省`: 5 working days"))
        let changed = try String(contentsOf: province, encoding: .utf8).replacingOccurrences(of: "5个工作日", with: "10个工作日")
        try changed.write(to: province, atomically: true, encoding: .utf8)
        #expect(hover(3).contains("`甲省`: 10 working days"), "\(hover(4))")
    }

    @Test("a laxer override's diagnostic points at the parent's value too")
    func laxerThanParentRelatedLocation() throws {
        let h = Harness()
        _ = h.call(1, "initialize", ["capabilities": [String: Any](), "locale": "zh-CN"])
        let county = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/lsp-tree/甲县.duly")
        let text = try String(contentsOf: county, encoding: .utf8).replacingOccurrences(of: "= 3个工作日", with: "= 7个工作日")
        h.notify("textDocument/didOpen", ["textDocument": ["uri": county.absoluteString, "languageId": "duly", "version": 1, "text": text]])
        h.server.publishPendingDiagnostics()
        let diagnostics = try #require((h.sent.last?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
        let laxer = try #require(diagnostics.first { $0["code"] as? String == "D0502" }, "\(diagnostics)")
        #expect((laxer["range"] as? [String: [String: Int]])?["start"] == lspPosition(of: "劝返时限", in: text))
        let related = try #require(laxer["relatedInformation"] as? [[String: Any]])
        let place = try #require(related.first?["location"] as? [String: Any])
        #expect((place["uri"] as? String)?.removingPercentEncoding?.hasSuffix("/甲省.duly") == true)
        #expect((related.first?["message"] as? String)?.contains("甲省") == true)
        #expect((laxer["message"] as? String)?.contains("劝返时限") == true)
    }
}
