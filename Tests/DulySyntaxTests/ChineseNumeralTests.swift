import Testing
@testable import DulySyntax

@Suite("numbers in Chinese characters")
struct ChineseNumeralTests {
    @Test("the leading numeral of a word is read as the documents write it", arguments: [
        ("三个工作日", 3, "个工作日"), ("十天", 10, "天"), ("十五天", 15, "天"), ("二十日", 20, "日"),
        ("两周", 2, "周"), ("一百零五天", 105, "天"), ("九十九天", 99, "天"), ("三天", 3, "天"),
    ])
    func leading(word: String, value: Int, rest: String) throws {
        let read = try #require(ChineseNumerals.leading(Substring(word)))
        #expect(read.value == value && read.rest == Substring(rest))
    }

    @Test("words that do not start with a numeral, or have no unit after it, are not durations")
    func notDurations() {
        #expect(ChineseNumerals.leading("劝返") == nil)
        #expect(ChineseNumerals.durationInDigits("一人一策") == nil)
        #expect(ChineseNumerals.durationInDigits("三个工作日内") == "3个工作日内")
        #expect(ChineseNumerals.durationInDigits("七天") == "7天")
        #expect(ChineseNumerals.durationInDigits("零天") == nil)
    }
}
