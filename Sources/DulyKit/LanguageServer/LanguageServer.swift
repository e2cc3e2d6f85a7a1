import Foundation
import DulySource
import DulySyntax
import DulyModel

/// `duly lsp`: a Language Server Protocol server for policy files.
///
/// The server is a state machine fed one decoded message at a time (`handle(_:)`), writing
/// responses and notifications through `send`. The stdio loop (`LanguageServer.serve`) reads and
/// frames messages on its own thread, so cancellations are seen while a request waits.
///
/// Every answer is computed with the whole policy tree as context, as `duly check` computes it:
/// the file's parents, the vocabulary and the calendars, with unsaved buffers in place of the
/// files on disk. Positions are converted between the protocol's encoding (UTF-16 unless the
/// client offers otherwise) and the byte offsets of `Span`.
public final class LanguageServer {
    /// Larger buffers are refused like larger files (`PolicyLoading.maximumFileSize`).
    static let maximumDocumentSize = PolicyLoading.maximumFileSize
    /// Bounds on what one answer lists, so a request's work and reply stay small.
    static let maximumResults = 2000

    enum State { case starting, running, shuttingDown }

    var state = State.starting
    var language: MessageLanguage
    var encoding = PositionEncoding.utf16
    var cache = AnalysisCache()
    /// The diagnostics last published for each open document, with their quick fixes.
    var published: [String: [PublishedDiagnostic]] = [:]
    /// Documents whose diagnostics are due: published when no other message is waiting, so a
    /// burst of keystrokes is checked once.
    var pendingDiagnostics = Set<String>()
    let send: (LSPObject) -> Void

    /// `DULY_LSP_TEST_FAULTS=1` enables the `duly/testFault` request (fail or sleep on purpose).
    static let testFaultsEnabled = ProcessInfo.processInfo.environment["DULY_LSP_TEST_FAULTS"] == "1"

    /// The exit status `exit` asks for: 0 after `shutdown`, 1 without it (the protocol's rule).
    public private(set) var exitStatus: Int32?

    /// Set by `--lang`: the client's locale does not override it.
    let languageIsFixed: Bool
    let version: String

    init(language: MessageLanguage, languageIsFixed: Bool = false, version: String = "", send: @escaping (LSPObject) -> Void) {
        self.language = language
        self.languageIsFixed = languageIsFixed
        self.version = version
        self.send = send
    }

    func text(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    // MARK: Dispatch

    /// Handles one message (request or notification) and returns; never throws.
    func handle(_ message: LSPObject, isCancelled: (RequestID) -> Bool = { _ in false }) {
        let method = message["method"] as? String
        let id = RequestID(json: message["id"])
        let params = message["params"] as? LSPObject ?? [:]
        guard let method else {
            // A response to a request of ours (none are sent), or nonsense.
            if message["result"] == nil && message["error"] == nil {
                respond(id, error: ResponseError(.invalidRequest, text("a message without a method", "消息缺少 method")))
            }
            return
        }
        if let id {
            if isCancelled(id) {
                respond(id, error: ResponseError(.requestCancelled, text("request cancelled", "请求已取消")))
                return
            }
            do {
                let result = try request(method, params)
                respond(id, result: result)
            } catch let e as ResponseError {
                respond(id, error: e)
            } catch {
                respond(id, error: ResponseError(.internalError, "\(error)"))
            }
        } else {
            do { try notification(method, params) } catch {
                // A notification has no reply: the client is told in its log.
                logMessage(text("cannot handle \(method): \(error)", "无法处理 \(method):\(error)"), type: 1)
            }
        }
    }

    func request(_ method: String, _ params: LSPObject) throws -> Any {
        switch (state, method) {
        case (.starting, "initialize"): return initialize(params)
        case (.starting, _): throw ResponseError(.serverNotInitialized, text("the server is not initialized", "服务器尚未初始化"))
        case (.shuttingDown, _): throw ResponseError(.invalidRequest, text("the server is shutting down", "服务器正在关闭"))
        case (.running, "initialize"): throw ResponseError(.invalidRequest, text("the server is already initialized", "服务器已初始化"))
        case (.running, "shutdown"):
            state = .shuttingDown
            return NSNull()
        case (.running, "textDocument/hover"): return try hover(params) ?? NSNull()
        case (.running, "textDocument/definition"): return try definition(params)
        case (.running, "textDocument/references"): return try references(params)
        case (.running, "textDocument/documentHighlight"): return try highlights(params)
        case (.running, "textDocument/completion"): return try completion(params)
        case (.running, "textDocument/formatting"): return try formatting(params)
        case (.running, "textDocument/documentSymbol"): return try documentSymbols(params)
        case (.running, "textDocument/codeAction"): return try codeActions(params)
        case (.running, "textDocument/semanticTokens/full"): return try semanticTokens(params)
        case (.running, "workspace/symbol"): return try workspaceSymbols(params)
        case (.running, "duly/testFault") where Self.testFaultsEnabled:
            // Lets tests check that a failing or hanging request does not end the session.
            if let seconds = params["sleep"] as? Double { Thread.sleep(forTimeInterval: seconds); return NSNull() }
            fatalError("a failure a test asked for")
        case (.running, "textDocument/rename"), (.running, "textDocument/prepareRename"):
            throw ResponseError(.requestFailed, text("renaming is not supported", "不支持重命名"))
        default: throw ResponseError(.methodNotFound, text("unknown method `\(method)`", "未知方法 `\(method)`"))
        }
    }

    func notification(_ method: String, _ params: LSPObject) throws {
        if method == "exit" {
            exitStatus = state == .shuttingDown ? 0 : 1
            return
        }
        guard state == .running else { return }
        switch method {
        case "initialized", "$/setTrace", "$/cancelRequest", "workspace/didChangeConfiguration": break
        case "textDocument/didOpen": try didOpen(params)
        case "textDocument/didChange": try didChange(params)
        case "textDocument/didClose": try didClose(params)
        case "textDocument/didSave":
            cache.invalidate(foldersToo: true)
            pendingDiagnostics.formUnion(cache.documents.keys)
        case "workspace/didChangeWatchedFiles":
            cache.invalidate(foldersToo: true)
            pendingDiagnostics.formUnion(cache.documents.keys)
        default: break // unknown notifications are ignored (`$/…` ones by rule)
        }
    }

    // MARK: Lifecycle

    func initialize(_ params: LSPObject) -> LSPObject {
        if languageIsFixed {
        } else if let options = params["initializationOptions"] as? LSPObject, let lang = options["language"] as? String {
            language = MessageLanguage.fromLocale(lang)
        } else if let locale = params["locale"] as? String {
            language = MessageLanguage.fromLocale(locale)
        }
        let general = (params["capabilities"] as? LSPObject)?["general"] as? LSPObject
        encoding = PositionEncoding.negotiate(general?["positionEncodings"] as? [String])
        state = .running
        return [
            "capabilities": [
                "positionEncoding": encoding.rawValue,
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]] as LSPObject,
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "documentHighlightProvider": true,
                "documentSymbolProvider": true,
                "workspaceSymbolProvider": true,
                "documentFormattingProvider": true,
                "completionProvider": ["triggerCharacters": [" ", "."], "resolveProvider": false] as LSPObject,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]] as LSPObject,
                "semanticTokensProvider": [
                    "legend": ["tokenTypes": Self.semanticTokenTypes, "tokenModifiers": Self.semanticTokenModifiers] as LSPObject,
                    "full": true,
                ] as LSPObject,
            ] as LSPObject,
            "serverInfo": ["name": "duly", "version": version] as LSPObject,
        ]
    }

    // MARK: Documents

    func path(of uri: String) throws -> String {
        guard let url = URL(string: uri), url.isFileURL else {
            throw ResponseError(.invalidParams, text("only file: URIs are served, not `\(uri)`", "只支持 file: URI,不支持 `\(uri)`"))
        }
        return AnalysisCache.standardized(url.path)
    }

    func uri(of path: String) -> String {
        cache.documents[path]?.uri ?? URL(fileURLWithPath: path).absoluteString
    }

    static func textDocumentURI(_ params: LSPObject) throws -> String {
        guard let doc = params["textDocument"] as? LSPObject, let uri = doc["uri"] as? String else {
            throw ResponseError(.invalidParams, "textDocument.uri is missing / 缺少 textDocument.uri")
        }
        return uri
    }

    func didOpen(_ params: LSPObject) throws {
        guard let doc = params["textDocument"] as? LSPObject, let uri = doc["uri"] as? String, let text = doc["text"] as? String else {
            throw ResponseError(.invalidParams, text("textDocument is missing", "缺少 textDocument"))
        }
        let path = try path(of: uri)
        cache.documents[path] = OpenDocument(uri: uri, path: path, text: text, version: doc["version"] as? Int ?? 0)
        cache.invalidate(foldersToo: PolicyLoading.declaresVocabulary(SourceFile(path: path, text: text)))
        pendingDiagnostics.insert(path)
    }

    func didChange(_ params: LSPObject) throws {
        let path = try path(of: Self.textDocumentURI(params))
        guard var doc = cache.documents[path] else { throw ResponseError(.invalidParams, text("`\(path)` is not open", "`\(path)` 未打开")) }
        for change in params["contentChanges"] as? [LSPObject] ?? [] {
            guard let newText = change["text"] as? String else { continue }
            if let range = change["range"] as? LSPObject, let r = Self.range(range) {
                doc.text = doc.source.replacing(r, with: newText, encoding: encoding)
            } else {
                doc.text = newText
            }
        }
        if let version = (params["textDocument"] as? LSPObject)?["version"] as? Int { doc.version = version }
        cache.documents[path] = doc
        cache.invalidate()
        // A change in one file can change what its children are told (a laxer override).
        pendingDiagnostics.formUnion(cache.documents.keys)
    }

    func didClose(_ params: LSPObject) throws {
        let path = try path(of: Self.textDocumentURI(params))
        let uri = uri(of: path)
        cache.documents[path] = nil
        cache.invalidate()
        pendingDiagnostics.remove(path)
        published[path] = nil
        send(Self.notification("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": [Any]()]))
        pendingDiagnostics.formUnion(cache.documents.keys)
    }

    /// The document a position request names, its analysis and the byte offset of the position.
    func locate(_ params: LSPObject) throws -> (path: String, analysis: TreeAnalysis, source: SourceFile, offset: Int) {
        let path = try path(of: Self.textDocumentURI(params))
        let analysis = try analysis(for: path)
        guard let source = analysis.source(path) ?? cache.documents[path]?.source else {
            throw ResponseError(.requestFailed, text("`\(path)` cannot be read", "无法读取 `\(path)`"))
        }
        guard let p = params["position"] as? LSPObject, let position = Self.position(p) else {
            throw ResponseError(.invalidParams, text("position is missing", "缺少 position"))
        }
        return (path, analysis, source, source.offset(of: position, encoding: encoding))
    }

    func analysis(for path: String) throws -> TreeAnalysis {
        if let doc = cache.documents[path], doc.text.utf8.count > Self.maximumDocumentSize {
            throw ResponseError(.requestFailed, text("the file is larger than \(Self.maximumDocumentSize) bytes", "文件大于 \(Self.maximumDocumentSize) 字节"))
        }
        return cache.analysis(for: path)
    }

    // MARK: Protocol values

    static func position(_ json: LSPObject) -> TextPosition? {
        guard let line = json["line"] as? Int, let character = json["character"] as? Int else { return nil }
        return TextPosition(line: line, character: character)
    }

    static func range(_ json: LSPObject) -> TextRange? {
        guard let s = json["start"] as? LSPObject, let e = json["end"] as? LSPObject,
              let start = position(s), let end = position(e) else { return nil }
        return TextRange(start: start, end: end)
    }

    static func json(_ p: TextPosition) -> LSPObject { ["line": p.line, "character": p.character] }
    static func json(_ r: TextRange) -> LSPObject { ["start": json(r.start), "end": json(r.end)] }

    func location(_ path: String, _ span: Span, in analysis: TreeAnalysis) -> LSPObject? {
        guard let source = analysis.source(path) else { return nil }
        return ["uri": uri(of: path), "range": Self.json(source.range(of: span, encoding: encoding))]
    }

    static func notification(_ method: String, _ params: Any) -> LSPObject {
        ["jsonrpc": "2.0", "method": method, "params": params]
    }

    func respond(_ id: RequestID?, result: Any) {
        send(["jsonrpc": "2.0", "id": id?.json ?? NSNull(), "result": result])
    }

    func respond(_ id: RequestID?, error: ResponseError) {
        send(["jsonrpc": "2.0", "id": id?.json ?? NSNull(), "error": ["code": error.code.rawValue, "message": error.message] as LSPObject])
    }

    /// `window/logMessage`: 1 error, 2 warning, 3 info, 4 log.
    func logMessage(_ message: String, type: Int) {
        send(Self.notification("window/logMessage", ["type": type, "message": message] as LSPObject))
    }
}
