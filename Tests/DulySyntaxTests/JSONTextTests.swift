import DulySource
import Foundation
import Testing

/// JSON strings as due actions, findings and diagnostics write them: the escapes JSON requires,
/// nothing else escaped, and text that reads back as the string it came from.
@Suite("JSON strings")
struct JSONTextTests {
    static let samples: [(String, String)] = [
        ("", #""""#), ("E123", #""E123""#), ("张强芳", #""张强芳""#),
        ("a \"quoted\" word", #""a \"quoted\" word""#), ("back\\slash", #""back\\slash""#),
        ("line\nbreak\r\ttab", #""line\nbreak\r\ttab""#), ("\u{01}\u{1F}\u{7F}", "\"\\u0001\\u001f\u{7F}\""),
        ("emoji 🙂 and 、", #""emoji 🙂 and 、""#), ("\u{2028}", "\"\u{2028}\""),
    ]

    @Test("the escapes, in a String and in bytes alike, and the text reads back", arguments: samples.indices)
    func escapes(_ k: Int) throws {
        let (s, expected) = Self.samples[k]
        #expect(JSONText.string(s) == expected)
        var bytes: [UInt8] = []
        JSONText.append(s, to: &bytes)
        #expect(bytes == Array(expected.utf8))
        let back = try JSONSerialization.jsonObject(with: Data(("[" + expected + "]").utf8)) as? [String]
        #expect(back == [s])
    }
}
