import DulyTestSupport
import Testing
import DulySource
@testable import DulySyntax

@Suite("parser fuzzing")
struct FuzzTests {
    static let pieces: [String] = [
        "政策", "policy", "规则", "rule", "升级", "escalation", "不可检查", "参数", "覆盖", "定义", "词汇", "角色", "事件",
        "对象", "依据", "cite", "当", "when", "若", "where", "须", "must", "not", "不得", "然后", "否则", "within", "after",
        "自", "起", "内", "每半月", "每年", "every", "half", "month", "year", "at", "least", "times", "至少", "次", "于",
        "第", "天", "step", "计数", "连续", "教学日", "of", "依次", "→", "->", "须先", "requires", "或", "且", "非",
        "班主任", "学校", "函告", "回复", "GZ-7", "5", "12", "5个工作日内", "7天内", "12:00", "前", "2024-09-27", "09-30",
        "\"引文\"", "“引文”", "\"unterminated", "(", ")", "（", "）", "{", "}", ",", "，", "、", ":", "=", "==", "!=",
        ".", "..", "\n", "\n", "\n", " ", "  ", "# 注释", "@", "\u{0}", "\u{FEFF}", "含当日", "不顺延", "及时", "立即",
    ]

    @Test("random token soup never crashes the parser and every diagnostic points inside the file")
    func soup() {
        var rng = SplitMix64(state: 20_241_010)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                text += FuzzTests.pieces.randomElement(using: &rng)!
                if Bool.random(using: &rng) { text += " " }
            }
            let file = SourceFile(path: "fuzz.duly", text: text)
            let (_, diagnostics) = Parser.parse(file)
            for d in diagnostics {
                if let span = d.span {
                    #expect(span.start >= 0 && span.end <= file.bytes.count, "span out of file for input \(text.debugDescription)")
                }
            }
        }
    }

    @Test("mutating the grammar examples byte by byte never crashes the parser")
    func mutations() throws {
        var rng = SplitMix64(state: 7)
        for example in grammarExamples() {
            let scalars = Array(example.text.unicodeScalars)
            for _ in 0..<150 {
                var mutated = scalars
                let position = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(FuzzTests.pieces.randomElement(using: &rng)!.unicodeScalars.first ?? " ", at: position)
                default: mutated.swapAt(position, Int.random(in: 0..<mutated.count, using: &rng))
                }
                var text = String.UnicodeScalarView()
                text.append(contentsOf: mutated)
                let file = SourceFile(path: "m.duly", text: String(text))
                for d in Parser.parse(file).diagnostics {
                    if let span = d.span { #expect(span.start >= 0 && span.end <= file.bytes.count) }
                }
            }
        }
    }
}
