import DulySource
import Foundation
import Testing

/// JSON strings are written two ways (into a `String` for diagnostics, into bytes for long lists
/// of due actions and findings); both must give the same text, and that text must read back.
@Suite("JSON strings")
struct JSONTextTests {
    static let samples = ["", "E123", "张强芳", "a \"quoted\" word", "back\\slash", "line\nbreak\r\ttab",
                          "\u{01}\u{1F}\u{7F}", "通江县/一三五七 (TJ-3)", "emoji 🙂 and 、", "\u{2028}"]

    @Test("bytes and String give the same escaped text", arguments: samples)
    func sameText(_ s: String) throws {
        var bytes: [UInt8] = []
        JSONText.append(s, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == JSONText.string(s))
        let back = try JSONSerialization.jsonObject(with: Data(("[" + JSONText.string(s) + "]").utf8)) as? [String]
        #expect(back == [s])
    }
}
