import Foundation
import DulySource

/// Keeps an editor's session alive when the server fails.
///
/// `duly lsp` runs the server (`LanguageServer.serve`) in a child process and passes messages
/// through. A Swift runtime trap cannot be caught inside the process that hits it, so this is
/// where a crash is survived: when the child dies, every request it was answering gets an
/// error response, a new child is started and told what the old one knew (the `initialize`
/// request and every open document's current text), and the session goes on. A request that
/// runs longer than the time limit is treated the same way: the child is stopped, the request
/// answered with an error. The editor sees one failed request, never a dead server.
public final class LanguageServerSupervisor {
    enum Event {
        case client(Data)
        case clientMalformed(LocalizedText)
        case clientClosed
        case worker(generation: Int, Data)
        case workerClosed(generation: Int)
    }

    /// Events from the reading threads, handled on the supervising thread.
    final class Events: @unchecked Sendable {
        private let condition = NSCondition()
        private var events: [Event] = []
        func put(_ e: Event) {
            condition.lock()
            events.append(e)
            condition.signal()
            condition.unlock()
        }
        func next(timeout: TimeInterval) -> Event? {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date(timeIntervalSinceNow: timeout)
            while events.isEmpty { if !condition.wait(until: deadline) { return nil } }
            return events.removeFirst()
        }
    }

    struct Document {
        var languageID: String
        var version: Int
        var text: String
    }

    /// Restarts allowed within `restartWindow` seconds before giving up (a server that cannot
    /// start at all must not loop for ever).
    static let maximumRestarts = 5
    static let restartWindow: TimeInterval = 60

    let executable: String
    let arguments: [String]
    let requestTimeLimit: TimeInterval
    let output: Int32
    let events = Events()
    var language: MessageLanguage

    var worker: Process?
    var workerInput: Int32 = -1
    var generation = 0
    var restarts: [Date] = []
    /// Why the child was stopped, when the supervisor stopped it.
    var stopReason: String?

    var initializeRequest: [String: Any]?
    var initializeID: RequestID?
    var encoding = PositionEncoding.utf16
    var documents: [String: Document] = [:]
    /// Requests sent to the child and not yet answered, with their method and when they were sent.
    var inFlight: [RequestID: (method: String, sent: Date)] = [:]
    var exitRequested = false

    init(executable: String, arguments: [String], language: MessageLanguage, requestTimeLimit: TimeInterval, output: Int32) {
        self.executable = executable
        self.arguments = arguments
        self.language = language
        self.requestTimeLimit = requestTimeLimit
        self.output = output
    }

    func text(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    /// Supervises `executable arguments` (the server speaking on its standard streams) for the
    /// client on `input`/`output`. Returns the exit status the protocol asks for.
    public static func run(executable: String, arguments: [String], language: MessageLanguage,
                           requestTimeLimit: TimeInterval = 30, input: Int32 = 0, output: Int32 = 1) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let supervisor = LanguageServerSupervisor(executable: executable, arguments: arguments, language: language,
                                                  requestTimeLimit: requestTimeLimit, output: output)
        return supervisor.run(input: input)
    }

    static func readFrames(from fd: Int32, onFrame: (MessageFramer.Frame) -> Void) {
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            for frame in framer.feed(Data(buffer[0..<n])) { onFrame(frame) }
        }
    }

    func run(input: Int32) -> Int32 {
        let events = self.events
        let reader = Thread {
            Self.readFrames(from: input) { frame in
                switch frame {
                case .body(let b): events.put(.client(b))
                case .malformed(let why): events.put(.clientMalformed(why))
                }
            }
            events.put(.clientClosed)
        }
        reader.start()
        guard startWorker() else { return 1 }
        while true {
            guard let event = events.next(timeout: 1) else {
                enforceTimeLimit()
                continue
            }
            switch event {
            case .client(let body): fromClient(body)
            case .clientMalformed(let why):
                send(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": ErrorCode.parseError.rawValue, "message": why.text(language)] as [String: Any]])
            case .clientClosed:
                if workerInput >= 0 { close(workerInput); workerInput = -1 }
                worker?.waitUntilExit()
                return exitRequested ? (worker?.terminationStatus ?? 1) : 1
            case .worker(let g, let body) where g == generation: fromWorker(body)
            case .workerClosed(let g) where g == generation:
                if let status = workerEnded() { return status }
            case .worker, .workerClosed: break // from a child already replaced
            }
            enforceTimeLimit()
        }
    }

    // MARK: The child

    func startWorker() -> Bool {
        let now = Date()
        restarts = restarts.filter { now.timeIntervalSince($0) < Self.restartWindow } + [now]
        guard restarts.count <= Self.maximumRestarts + 1 else { return false }
        generation += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do { try process.run() } catch { return false }
        worker = process
        workerInput = dup(stdin.fileHandleForWriting.fileDescriptor)
        try? stdin.fileHandleForWriting.close()
        let fd = dup(stdout.fileHandleForReading.fileDescriptor)
        try? stdout.fileHandleForReading.close()
        let g = generation, events = self.events
        Thread {
            LanguageServerSupervisor.readFrames(from: fd) { frame in
                if case .body(let b) = frame { events.put(.worker(generation: g, b)) }
            }
            close(fd)
            events.put(.workerClosed(generation: g))
        }.start()
        return true
    }

    func toWorker(_ body: Data) {
        guard workerInput >= 0 else { return }
        MessageFramer.write(body, to: workerInput)
    }

    func toWorker(_ message: [String: Any]) {
        if let body = try? JSONSerialization.data(withJSONObject: message) { toWorker(body) }
    }

    /// The child ended. After `exit` that is the end of the session; otherwise it failed: its
    /// requests are answered with errors and a new child takes over. Returns a status to end with.
    func workerEnded() -> Int32? {
        worker?.waitUntilExit()
        if workerInput >= 0 { close(workerInput); workerInput = -1 }
        if exitRequested { return worker?.terminationStatus ?? 1 }
        let why = stopReason ?? text("the server process failed", "服务器进程出错")
        stopReason = nil
        for (id, request) in inFlight.sorted(by: { $0.value.sent < $1.value.sent }) {
            send(["jsonrpc": "2.0", "id": id.json, "error": [
                "code": ErrorCode.internalError.rawValue,
                "message": text("\(why) while answering `\(request.method)`; it was restarted and this request was not answered",
                                "\(why)(处理 `\(request.method)` 时);服务器已重启,此请求未获答复"),
            ] as [String: Any]])
        }
        inFlight.removeAll()
        guard startWorker() else {
            log(text("the server failed repeatedly and was not restarted", "服务器多次出错,不再重启"), type: 1)
            return 1
        }
        log(text("\(why); the server was restarted", "\(why);服务器已重启"), type: 2)
        replay()
        return nil
    }

    /// Tells a new child what the session knows: `initialize` (its answer is not passed on),
    /// `initialized`, and every open document's current text.
    func replay() {
        guard var initialize = initializeRequest else { return }
        initialize["id"] = "duly-restart-\(generation)"
        toWorker(initialize)
        toWorker(["jsonrpc": "2.0", "method": "initialized", "params": [String: Any]()])
        for (uri, d) in documents.sorted(by: { $0.key < $1.key }) {
            toWorker(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
                "uri": uri, "languageId": d.languageID, "version": d.version, "text": d.text,
            ] as [String: Any]] as [String: Any]])
        }
    }

    /// A request past the time limit stops the child; `workerEnded` then answers it.
    func enforceTimeLimit() {
        guard let oldest = inFlight.min(by: { $0.value.sent < $1.value.sent }), let worker, worker.isRunning,
              Date().timeIntervalSince(oldest.value.sent) > requestTimeLimit else { return }
        stopReason = text("the request took longer than \(Int(requestTimeLimit)) s", "请求耗时超过 \(Int(requestTimeLimit)) 秒")
        kill(worker.processIdentifier, SIGKILL)
    }

    // MARK: Messages

    func fromClient(_ body: Data) {
        guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            toWorker(body) // the child answers it with a parse error
            return
        }
        let method = message["method"] as? String ?? ""
        let params = message["params"] as? [String: Any] ?? [:]
        if let id = RequestID(json: message["id"]), !method.isEmpty {
            inFlight[id] = (method, Date())
            if method == "initialize" {
                initializeRequest = message
                initializeID = id
                if let lang = (params["initializationOptions"] as? [String: Any])?["language"] as? String {
                    language = MessageLanguage.fromLocale(lang)
                } else if let locale = params["locale"] as? String {
                    language = MessageLanguage.fromLocale(locale)
                }
            }
        }
        switch method {
        case "exit": exitRequested = true
        case "textDocument/didOpen":
            if let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String, let text = doc["text"] as? String {
                documents[uri] = Document(languageID: doc["languageId"] as? String ?? "duly", version: doc["version"] as? Int ?? 0, text: text)
            }
        case "textDocument/didChange":
            if let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String, var d = documents[uri] {
                for change in params["contentChanges"] as? [[String: Any]] ?? [] {
                    guard let newText = change["text"] as? String else { continue }
                    if let range = (change["range"] as? [String: Any]).flatMap(LanguageServer.range) {
                        d.text = SourceFile(path: uri, text: d.text).replacing(range, with: newText, encoding: encoding)
                    } else {
                        d.text = newText
                    }
                }
                d.version = doc["version"] as? Int ?? d.version
                documents[uri] = d
            }
        case "textDocument/didClose":
            if let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String { documents[uri] = nil }
        default: break
        }
        toWorker(body)
    }

    func fromWorker(_ body: Data) {
        guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return }
        if message["method"] == nil, let id = RequestID(json: message["id"]) {
            if case .string(let s) = id, s.hasPrefix("duly-restart-") { return }
            inFlight[id] = nil
            if id == initializeID,
               let capabilities = (message["result"] as? [String: Any])?["capabilities"] as? [String: Any],
               let name = capabilities["positionEncoding"] as? String, let e = PositionEncoding(rawValue: name) {
                encoding = e
            }
        }
        sendRaw(body)
    }

    func send(_ message: [String: Any]) {
        if let body = try? JSONSerialization.data(withJSONObject: message) { sendRaw(body) }
    }

    func sendRaw(_ body: Data) { MessageFramer.write(body, to: output) }

    func log(_ message: String, type: Int) {
        send(["jsonrpc": "2.0", "method": "window/logMessage", "params": ["type": type, "message": message] as [String: Any]])
    }
}
