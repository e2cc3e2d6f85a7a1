/// Name suggestions for "did you mean …?" help.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance over characters, if close enough to be
    /// a plausible typo: one edit for short names, up to a third of the length for longer ones.
    public static func closest<C: Collection>(to name: String, in candidates: C) -> String? where C.Element == String {
        let target = Array(name)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let d = distance(target, Array(candidate))
            let limit = max(1, min(target.count, candidate.count) / 3)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Levenshtein distance over characters.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Suggestion {
    /// The help a diagnostic gives for a likely typo: "did you mean `班主任`?" / "是否应为 `班主任`?".
    public static func didYouMean(_ name: String) -> LocalizedText {
        LocalizedText(en: "did you mean `\(name)`?", zh: "是否应为 `\(name)`?")
    }

    /// The name a did-you-mean help suggests, so an editor can offer to put it in place of the
    /// diagnostic's span; nil for any other help.
    public static func suggestedName(in help: LocalizedText?) -> String? {
        guard let text = help?.en, text.hasPrefix("did you mean `"), text.hasSuffix("`?") else { return nil }
        let name = text.dropFirst("did you mean `".count).dropLast(2)
        guard !name.isEmpty, !name.contains("`") else { return nil }
        return String(name)
    }
}
