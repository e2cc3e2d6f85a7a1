import DulyTime

/// Numbers written in Chinese characters (三个工作日, 第三天, 十五天) are common in the source
/// documents, but the language reads digits only: a number that is a legal fact should be read
/// one way. These helpers recognise such words so a diagnostic can offer the digit form, rather
/// than guessing at a parameter or event of that name.
enum ChineseNumerals {
    static let digits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// The value of the Chinese numeral at the start of `word` (up to 九百九十九) and the rest of
    /// the word; nil when the word does not start with one.
    static func leading(_ word: Substring) -> (value: Int, rest: Substring)? {
        var value = 0, current = 0, seen = false
        var i = word.startIndex
        loop: while i < word.endIndex {
            switch word[i] {
            case let c where digits[c] != nil: current = digits[c]!
            case "十":
                value += (current == 0 ? 1 : current) * 10
                current = 0
            case "百":
                guard current > 0 else { break loop }
                value += current * 100
                current = 0
            default: break loop
            }
            seen = true
            i = word.index(after: i)
        }
        guard seen else { return nil }
        return (value + current, word[i...])
    }

    /// `三个工作日内` → `3个工作日内`: the word with its leading numeral in digits, when a duration
    /// unit follows the numeral.
    static func durationInDigits(_ word: String) -> String? {
        guard let (value, rest) = leading(Substring(word)), value > 0 else { return nil }
        guard DurationUnit.allSpellings.contains(where: { $0.isChinese && rest.hasPrefix($0.spelling) }) else { return nil }
        return "\(value)\(rest)"
    }
}
