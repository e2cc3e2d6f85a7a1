import Foundation
import DulySource

/// JSON values as Foundation's `JSONSerialization` reads and writes them.
typealias LSPObject = [String: Any]

/// A request's ID: the protocol allows a number or a string, and the response repeats it as sent.
enum RequestID: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    init?(json: Any?) {
        if let s = json as? String { self = .string(s); return }
        if let n = json as? Int { self = .number(n); return }
        return nil
    }

    var json: Any {
        switch self {
        case .number(let n): n
        case .string(let s): s
        }
    }

    var description: String {
        switch self {
        case .number(let n): "\(n)"
        case .string(let s): s
        }
    }
}

/// The error codes of JSON-RPC and the Language Server Protocol this server answers with.
enum ErrorCode: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
    case requestCancelled = -32800
    case contentModified = -32801
}

/// A request that failed: the response carries the code and the message, and the server goes on.
struct ResponseError: Error {
    var code: ErrorCode
    var message: String
    init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Splits a byte stream into the bodies of `Content-Length`-framed messages. A bad header is
/// reported and skipped (up to the blank line that ends it), so one malformed message does not
/// end the session; a body above `maximumBodySize` is skipped without being held in memory.
struct MessageFramer {
    static let maximumBodySize = 64 << 20
    static let maximumHeaderSize = 8 << 10

    enum Frame {
        case body(Data)
        /// A header without a usable `Content-Length`, or a body too large: the description says which.
        case malformed(LocalizedText)
    }

    private var buffer = Data()
    /// Bytes of an over-large body still to be thrown away.
    private var skipping = 0

    mutating func feed(_ data: Data) -> [Frame] {
        buffer.append(data)
        var frames: [Frame] = []
        while true {
            if skipping > 0 {
                let n = min(skipping, buffer.count)
                buffer.removeFirst(n)
                skipping -= n
                if skipping > 0 { return frames }
            }
            let separator = Data("\r\n\r\n".utf8)
            guard let end = buffer.range(of: separator) else {
                if buffer.count > Self.maximumHeaderSize {
                    frames.append(.malformed(LocalizedText(en: "a message header longer than \(Self.maximumHeaderSize) bytes", zh: "消息头超过 \(Self.maximumHeaderSize) 字节")))
                    buffer.removeAll()
                }
                return frames
            }
            let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
            var length: Int?
            for line in header.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                }
            }
            guard let length, length >= 0 else {
                frames.append(.malformed(LocalizedText(en: "a message header without a valid Content-Length: \(header.prefix(200))", zh: "消息头缺少有效的 Content-Length:\(header.prefix(200))")))
                buffer.removeSubrange(buffer.startIndex..<end.upperBound)
                continue
            }
            if length > Self.maximumBodySize {
                frames.append(.malformed(LocalizedText(en: "a message of \(length) bytes is larger than \(Self.maximumBodySize) bytes; skipped", zh: "消息大小 \(length) 字节,超过 \(Self.maximumBodySize) 字节,已跳过")))
                buffer.removeSubrange(buffer.startIndex..<end.upperBound)
                skipping = length
                continue
            }
            let bodyStart = end.upperBound
            guard buffer.distance(from: bodyStart, to: buffer.endIndex) >= length else { return frames }
            let bodyEnd = buffer.index(bodyStart, offsetBy: length)
            frames.append(.body(Data(buffer[bodyStart..<bodyEnd])))
            buffer = Data(buffer[bodyEnd...])
        }
    }

    /// One message framed for the wire.
    static func frame(_ body: Data) -> Data {
        var out = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(body)
        return out
    }

    /// Writes `body` framed to `fd`, retrying interrupted and partial writes; a closed peer
    /// ends the write quietly (the reader side notices and shuts down).
    static func write(_ body: Data, to fd: Int32) {
        frame(body).withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + sent, raw.count - sent)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return }
                sent += n
            }
        }
    }
}
