import Foundation
import DulySource

/// Messages read from the client, waiting to be handled, and the requests cancelled meanwhile.
/// The reader thread fills it; the serving thread empties it.
final class Inbox: @unchecked Sendable {
    enum Item {
        case body(Data)
        case malformed(LocalizedText)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var cancelled = Set<RequestID>()
    private(set) var isClosed = false

    func put(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func cancel(_ id: RequestID) {
        condition.lock()
        cancelled.insert(id)
        condition.unlock()
    }

    func close() {
        condition.lock()
        isClosed = true
        condition.signal()
        condition.unlock()
    }

    /// Whether a request was cancelled; asking forgets it (an ID is answered once).
    func takeCancelled(_ id: RequestID) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled.remove(id) != nil
    }

    /// The next message; with `wait`, blocks until there is one or the input ends. Nil when
    /// there is none (yet, without `wait`; ever, once closed and empty).
    func next(wait: Bool) -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !isClosed && wait { condition.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }

    var isDrained: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isClosed && items.isEmpty
    }
}

extension LanguageServer {
    /// Serves the protocol on file descriptors (standard input and output for `duly lsp`) until
    /// `exit`, or until the input ends. Returns the exit status: 0 after `shutdown` then `exit`,
    /// 1 otherwise, as the protocol asks.
    /// `language` is the messages' language until the client's `initialize` names its locale;
    /// with `languageIsFixed` (`--lang`) it stays.
    public static func serve(language: MessageLanguage, languageIsFixed: Bool, version: String, input: Int32 = 0, output: Int32 = 1) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let inbox = Inbox()
        let reader = Thread {
            LanguageServerSupervisor.readFrames(from: input) { frame in
                switch frame {
                case .malformed(let why): inbox.put(.malformed(why))
                case .body(let body):
                    // Cancellations take effect at once, before the request they name is reached.
                    if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                       object["method"] as? String == "$/cancelRequest",
                       let id = RequestID(json: (object["params"] as? [String: Any])?["id"]) {
                        inbox.cancel(id)
                    } else {
                        inbox.put(.body(body))
                    }
                }
            }
            inbox.close()
        }
        reader.stackSize = 8 << 20
        reader.start()

        let server = LanguageServer(language: language, languageIsFixed: languageIsFixed, version: version) { message in
            guard let body = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return }
            MessageFramer.write(body, to: output)
        }
        while true {
            guard let item = inbox.next(wait: !server.hasPendingDiagnostics) else {
                if server.hasPendingDiagnostics { server.publishPendingDiagnostics(); continue }
                if inbox.isDrained { break }
                continue
            }
            switch item {
            case .malformed(let why):
                server.respond(nil, error: ResponseError(.parseError, why.text(server.language)))
            case .body(let body):
                guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
                    server.respond(nil, error: ResponseError(.parseError, server.text("the message is not a JSON object", "消息不是 JSON 对象")))
                    continue
                }
                server.handle(message, isCancelled: inbox.takeCancelled)
            }
            if let status = server.exitStatus { return status }
        }
        return server.state == .shuttingDown ? 0 : 1
    }
}
