import DulyTestSupport
import Foundation
import Testing

/// A client of the built `duly lsp` over pipes, as an editor talks to it: framed JSON-RPC
/// written to its standard input, responses and notifications read from its standard output.
final class LanguageClient {
    let process = Process()
    let input = Pipe(), output = Pipe()
    var buffer = Data()
    var nextID = 0
    /// Notifications read while waiting for something else.
    var notifications: [[String: Any]] = []

    init(arguments: [String] = ["lsp"], environment: [String: String] = ["LANG": "en_US.UTF-8"]) throws {
        process.executableURL = CommandLine.executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit { if process.isRunning { process.terminate() } }

    func write(raw: Data) { input.fileHandleForWriting.write(raw) }

    func send(_ message: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: message)
        write(raw: Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    struct Timeout: Error {}

    /// The next message, waiting at most `seconds`.
    func receive(seconds: Int32 = 30) throws -> [String: Any] {
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let end = buffer.range(of: Data("\r\n\r\n".utf8)) {
                let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                let length = Int(header.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
                if buffer.distance(from: end.upperBound, to: buffer.endIndex) >= length {
                    let bodyEnd = buffer.index(end.upperBound, offsetBy: length)
                    let body = buffer[end.upperBound..<bodyEnd]
                    buffer = Data(buffer[bodyEnd...])
                    return try JSONSerialization.jsonObject(with: body) as! [String: Any]
                }
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, seconds * 1000) > 0 else { throw Timeout() }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { throw Timeout() }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    func request(_ method: String, _ params: Any) throws -> [String: Any] {
        nextID += 1
        try send(["jsonrpc": "2.0", "id": nextID, "method": method, "params": params])
        while true {
            let m = try receive()
            if m["method"] == nil, m["id"] as? Int == nextID { return m }
            notifications.append(m)
        }
    }

    func notify(_ method: String, _ params: Any) throws {
        try send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    /// The next diagnostics published for `uri`.
    func diagnostics(for uri: String) throws -> [[String: Any]] {
        if let i = notifications.firstIndex(where: { ($0["params"] as? [String: Any])?["uri"] as? String == uri && $0["method"] as? String == "textDocument/publishDiagnostics" }) {
            return (notifications.remove(at: i)["params"] as! [String: Any])["diagnostics"] as! [[String: Any]]
        }
        while true {
            let m = try receive()
            if m["method"] as? String == "textDocument/publishDiagnostics", let p = m["params"] as? [String: Any], p["uri"] as? String == uri {
                return p["diagnostics"] as! [[String: Any]]
            }
            notifications.append(m)
        }
    }

    func exitStatus() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// UTF-16 position of the first `marker` in `text`, as an LSP client counts.
func lspPosition(of marker: String, in text: String, offset: Int = 0) -> [String: Int] {
    let lines = text.components(separatedBy: "\n")
    let line = lines.firstIndex { $0.contains(marker) }!
    let column = lines[line].range(of: marker)!.lowerBound.utf16Offset(in: lines[line])
    return ["line": line, "character": column + offset]
}

@Suite("the language server over stdio", .serialized)
struct LanguageServerProtocolTests {
    static let tree = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/lsp-tree")

    /// The fixture tree copied to a scratch folder (the server reads the files around the open one).
    static func scratchTree() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-lsp-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: tree, to: dir)
        return dir
    }

    @Test("initialize, a misspelt role's diagnostic, its fix, hover on a parameter, completion, formatting, shutdown")
    func session() throws {
        let dir = try Self.scratchTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("甲县.duly")
        let uri = file.absoluteString
        let onDisk = try String(contentsOf: file, encoding: .utf8)
        let broken = onDisk.replacingOccurrences(of: "  班主任 须 劝返", with: "  班主人   须 劝返")
        let client = try LanguageClient()

        let initialized = try client.request("initialize", ["processId": NSNull(), "rootUri": dir.absoluteString, "capabilities": [String: Any](), "locale": "en"])
        let capabilities = try #require((initialized["result"] as? [String: Any])?["capabilities"] as? [String: Any])
        #expect(capabilities["positionEncoding"] as? String == "utf-16")
        #expect(capabilities["hoverProvider"] as? Bool == true)
        try client.notify("initialized", [String: Any]())

        // Open with an unknown role: D0201 on the name, in UTF-16 columns of a Chinese line.
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "duly", "version": 1, "text": broken]])
        let first = try client.diagnostics(for: uri)
        let error = try #require(first.first { $0["code"] as? String == "D0201" }, "\(first)")
        #expect(first.count == 1)
        #expect(error["severity"] as? Int == 1)
        #expect((error["message"] as? String)?.hasPrefix("unknown role `班主人`") == true, "\(error)")
        let start = lspPosition(of: "班主人", in: broken)
        let range = try #require(error["range"] as? [String: [String: Int]])
        #expect(range["start"] == start)
        #expect(range["end"] == ["line": start["line"]!, "character": start["character"]! + 3])

        // The quick fix puts the suggested name in place of the typo.
        let actions = try #require(try client.request("textDocument/codeAction", ["textDocument": ["uri": uri], "range": range, "context": ["diagnostics": [error]]])["result"] as? [[String: Any]])
        let changes = try #require((actions.first?["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]])
        #expect(changes[uri]?.first?["newText"] as? String == "班主任")

        // Fix it with an incremental change: the list empties.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                                     "contentChanges": [["range": range, "text": "班主任"]]])
        #expect(try client.diagnostics(for: uri).isEmpty)
        let fixed = broken.replacingOccurrences(of: "班主人", with: "班主任")

        // Hover the parameter in the rule: the county's override and the province's value.
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": lspPosition(of: "劝返时限 内", in: fixed, offset: 1)])
        let value = try #require(((hover["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(value.contains("`劝返时限` = **3 working days** for `甲县`"), "\(value)")
        #expect(value.contains("`甲省`: 5 working days (declared)"), "\(value)")
        #expect(value.contains("`甲县`: 3 working days (override)"), "\(value)")

        // Complete at the start of the duty line: the roles are offered.
        let completion = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": lspPosition(of: "班主任   须", in: fixed)])
        let items = try #require((completion["result"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.contains { $0["label"] as? String == "班主任" && $0["kind"] as? Int == 7 })
        #expect(items.contains { $0["label"] as? String == "须" }, "Chinese keywords for a Chinese file")
        #expect(!items.contains { $0["label"] as? String == "must" })

        // Formatting gives the canonical text `fmt` prints.
        let formatted = try #require(try client.request("textDocument/formatting", ["textDocument": ["uri": uri], "options": ["tabSize": 2, "insertSpaces": true]])["result"] as? [[String: Any]])
        #expect(formatted.count == 1)
        #expect(formatted.first?["newText"] as? String == onDisk)

        #expect(try client.request("shutdown", NSNull())["result"] is NSNull)
        try client.notify("exit", NSNull())
        #expect(client.exitStatus() == 0)
    }

    @Test("a malformed message, an unknown method and a cancelled request are answered and the server goes on")
    func robustness() throws {
        let client = try LanguageClient()
        _ = try client.request("initialize", ["processId": NSNull(), "capabilities": [String: Any]()])
        // Not JSON at all.
        client.write(raw: Data("Content-Length: 9\r\n\r\nnot json!".utf8))
        let parseError = try client.receive()
        #expect((parseError["error"] as? [String: Any])?["code"] as? Int == -32700)
        // A header without a length is skipped.
        client.write(raw: Data("Content-Type: nothing\r\n\r\n".utf8))
        #expect(((try client.receive())["error"] as? [String: Any])?["code"] as? Int == -32700)
        // An unknown method, and a request on a file that is not open and does not exist.
        #expect((try client.request("textDocument/unknown", [String: Any]())["error"] as? [String: Any])?["code"] as? Int == -32601)
        let missing = try client.request("textDocument/hover", ["textDocument": ["uri": "file:///nowhere/x.duly"], "position": ["line": 0, "character": 0]])
        #expect(missing["error"] != nil || missing["result"] is NSNull)
        #expect((try client.request("textDocument/hover", ["textDocument": ["uri": "untitled:1"], "position": ["line": 0, "character": 0]])["error"] as? [String: Any])?["code"] as? Int == -32602)
        // A request cancelled before it is reached is answered with RequestCancelled.
        try client.notify("$/cancelRequest", ["id": 99])
        try client.send(["jsonrpc": "2.0", "id": 99, "method": "textDocument/documentSymbol", "params": ["textDocument": ["uri": "file:///nowhere/x.duly"]]])
        let cancelled = try client.receive()
        #expect(cancelled["id"] as? Int == 99)
        #expect((cancelled["error"] as? [String: Any])?["code"] as? Int == -32800)
        // Still serving; exit without shutdown is status 1.
        #expect(try client.request("shutdown", NSNull())["error"] == nil)
        #expect((try client.request("textDocument/hover", [String: Any]())["error"] as? [String: Any])?["code"] as? Int == -32600)
        try client.notify("exit", NSNull())
        #expect(client.exitStatus() == 0)

        let abrupt = try LanguageClient()
        _ = try abrupt.request("initialize", ["processId": NSNull(), "capabilities": [String: Any]()])
        try abrupt.notify("exit", NSNull())
        #expect(abrupt.exitStatus() == 1)
    }

    @Test("a request that crashes the server, or runs past the time limit, is answered with an error and the session goes on")
    func survivesFailures() throws {
        let dir = try Self.scratchTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("甲县.duly")
        let uri = file.absoluteString
        let text = try String(contentsOf: file, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "  班主任 须", with: "  班主人 须")
        let client = try LanguageClient(arguments: ["lsp", "--request-time-limit", "2"],
                                        environment: ["LANG": "en_US.UTF-8", "DULY_LSP_TEST_FAULTS": "1"])
        _ = try client.request("initialize", ["processId": NSNull(), "capabilities": [String: Any]()])
        try client.notify("initialized", [String: Any]())
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "duly", "version": 1, "text": broken]])
        #expect(try client.diagnostics(for: uri).count == 1)
        let start = lspPosition(of: "班主人", in: broken)
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [[
            "range": ["start": start, "end": ["line": start["line"]!, "character": start["character"]! + 3]], "text": "班主任"]]])
        #expect(try client.diagnostics(for: uri).isEmpty)

        // The server process dies on this request: it is answered, and a new server takes over
        // with the document as edited (so its diagnostics are still empty).
        let crashed = try client.request("duly/testFault", [String: Any]())
        let error = try #require(crashed["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32603)
        #expect((error["message"] as? String)?.contains("`duly/testFault`") == true, "\(error)")
        #expect(try client.diagnostics(for: uri).isEmpty)
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": lspPosition(of: "劝返时限 内", in: text, offset: 1)])
        #expect(((hover["result"] as? [String: Any])?["contents"] as? [String: Any]) != nil, "\(hover)")

        // A request past the time limit is answered with an error, and the session goes on.
        let started = Date()
        let slow = try client.request("duly/testFault", ["sleep": 60.0])
        #expect(((slow["error"] as? [String: Any])?["message"] as? String)?.contains("longer than 2 s") == true, "\(slow)")
        #expect(Date().timeIntervalSince(started) < 20)
        let symbols = try client.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]])
        #expect((symbols["result"] as? [[String: Any]])?.count == 3, "\(symbols)")

        _ = try client.request("shutdown", NSNull())
        try client.notify("exit", NSNull())
        #expect(client.exitStatus() == 0)
    }

    @Test("the client's locale picks Chinese messages over LANG")
    func chineseLocale() throws {
        let dir = try Self.scratchTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("甲县.duly")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "当 缺课", with: "当 缺席")
        let client = try LanguageClient(environment: ["LANG": "en_US.UTF-8"])
        _ = try client.request("initialize", ["processId": NSNull(), "capabilities": [String: Any](), "locale": "zh-cn"])
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": file.absoluteString, "languageId": "duly", "version": 1, "text": text]])
        let diagnostics = try client.diagnostics(for: file.absoluteString)
        #expect(diagnostics.contains { ($0["message"] as? String)?.contains("未知事件") == true }, "\(diagnostics)")
        _ = try client.request("shutdown", NSNull())
        try client.notify("exit", NSNull())
        #expect(client.exitStatus() == 0)
    }
}

/// A real editor client: pygls's, from PyPI (`.ci/run` installs it).
@Suite("an editor client drives the language server")
struct EditorClientTests {
    static let script = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/editor-clients/pygls_client.py")

    static let hasPygls: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import pygls.lsp.client, lsprotocol"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test("pygls opens a shipped policy with a misspelt role and receives the Chinese diagnostic",
          .enabled(if: hasPygls, "pygls is not installed: `python3 -m pip install pygls==2.1.1` (.ci/run does)"))
    func pygls() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.script.path, CommandLine.executable.path, TestSupport.packageRoot.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("ok: D0201 未知角色 `班主人`"), "\(text)")
    }
}
