import DulyTestSupport
import Foundation
import Testing

/// Every command's help exists in Chinese and English: the abstract, the discussion with its
/// examples, and the help of every option and argument. The help is read from the built `duly`
/// as ArgumentParser describes it (`--experimental-dump-help`, the same texts `--help` shows),
/// so a command or an option added later without its Chinese fails here.
@Suite("command help in both languages")
struct CommandHelpTests {
    /// One text of the help and where it is shown.
    struct Text: CustomStringConvertible {
        var place: String
        var en: String
        var zh: String
        var description: String { place }
    }

    /// The command tree as `duly --experimental-dump-help` describes it in `language`.
    static func dump(_ language: String) throws -> [String: Any] {
        let r = try CommandLine.run(["--experimental-dump-help"], environment: ["LANG": language == "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8"])
        try #require(r.status == 0, "\(r.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        return try #require(document["command"] as? [String: Any])
    }

    /// The abstracts, discussions and option help of every command and subcommand, paired by
    /// place. ArgumentParser's own `help` command and its `--help`/`--version` flags are its words.
    static func texts() throws -> (texts: [Text], commands: [Text]) {
        var texts: [Text] = [], commands: [Text] = []
        func walk(_ en: [String: Any], _ zh: [String: Any], _ path: String) {
            let name = en["commandName"] as? String ?? "?"
            guard name != "help" else { return }
            let place = path.isEmpty ? name : path + " " + name
            let command = Text(place: place, en: en["discussion"] as? String ?? "", zh: zh["discussion"] as? String ?? "")
            commands.append(command)
            texts.append(Text(place: place + ": abstract", en: en["abstract"] as? String ?? "", zh: zh["abstract"] as? String ?? ""))
            texts.append(Text(place: place + ": discussion", en: command.en, zh: command.zh))
            let enArguments = en["arguments"] as? [[String: Any]] ?? [], zhArguments = zh["arguments"] as? [[String: Any]] ?? []
            #expect(enArguments.count == zhArguments.count, "\(place): the two languages list different options")
            for (a, b) in zip(enArguments, zhArguments) {
                let key = a["valueName"] as? String ?? "?"
                guard a["shouldDisplay"] as? Bool ?? true, !["help", "version"].contains(key) else { continue }
                texts.append(Text(place: "\(place) --\(key)", en: a["abstract"] as? String ?? "", zh: b["abstract"] as? String ?? ""))
            }
            let enSubcommands = en["subcommands"] as? [[String: Any]] ?? [], zhSubcommands = zh["subcommands"] as? [[String: Any]] ?? []
            for (a, b) in zip(enSubcommands, zhSubcommands) { walk(a, b, place) }
        }
        walk(try dump("en"), try dump("zh"), "")
        return (texts, commands)
    }

    /// Runs of two or more English words in Chinese prose, after what is not prose is taken
    /// out: example lines (indented), `code`, option names, file and path names, diagnostic
    /// codes, IDs and placeholders in capitals. A format or value name alone (csv, junit,
    /// organisation) is a name, not English.
    static func englishRuns(_ text: String) -> [String] {
        var prose = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix(" ") }.joined(separator: " ")
        let names = [
            "`[^`]*`",                                   // code
            "--[a-z][a-z-]*(=\\S*)?",                    // options
            "\\S*[/.]\\S*\\.[A-Za-z]+",                  // file names and paths
            "\\S+\\.(csv|jsonl|json|xlsx|xls|md|duly|dulytest|xml|sarif|txt)\\b",
            "\\bD0?\\d{2,3}x*\\b|\\bD\\d{4}\\b",          // diagnostic codes
            "\\b[A-Z][A-Z0-9]*(-[A-Z0-9]+)+\\b",         // IDs (GZ-2, ZA-JYJ) and YYYY-MM-DD
            "\\b[A-Z]{2,}\\b",                           // OLD, NEW, PATH, LSP, SARIF
            "VS Code",                                   // a product's name
        ]
        for name in names {
            prose = prose.replacing(try! Regex(name), with: "·")
        }
        let run = try! Regex("[A-Za-z][A-Za-z'-]*(?:[ ,]+[A-Za-z][A-Za-z'-]*)+")
        return prose.matches(of: run).map { String(prose[$0.range]) }
    }

    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The `duly …` lines of a discussion, without their comments.
    static func examples(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("duly ") }
            .map { line in
                let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
                return code.trimmingCharacters(in: .whitespaces)
            }
    }

    @Test("the checker finds English in Chinese and lets names through")
    func checker() {
        #expect(Self.englishRuns("把清单写入 the file named by it。") == ["the file named by it"])
        #expect(Self.englishRuns("输出格式:text、csv、json 或 xlsx;--split-by organisation 同用时,见 docs/output.md 和 `as of`、GZ-2、D0501、YYYY-MM-DD。").isEmpty)
        #expect(Self.englishRuns("示例:\n  duly due --data examples/通江县 --format csv\n").isEmpty)
    }

    @Test("every abstract, discussion and option help has a Chinese text with no English sentence in it")
    func everyTextHasChinese() throws {
        let (texts, commands) = try Self.texts()
        #expect(commands.count >= 14)
        #expect(texts.count >= 80)
        for text in texts {
            #expect(!text.en.isEmpty, "\(text): no English text")
            #expect(Self.hasChinese(text.zh), "\(text): no Chinese text: \(text.zh)")
            #expect(text.zh != text.en, "\(text): the Chinese text is the English one")
            #expect(Self.englishRuns(text.zh).isEmpty, "\(text): English in the Chinese text: \(Self.englishRuns(text.zh))")
        }
    }

    @Test("every command shows examples, the same command lines in both languages")
    func everyCommandHasExamples() throws {
        for command in try Self.texts().commands {
            #expect(!Self.examples(command.en).isEmpty, "\(command): no example")
            #expect(Self.examples(command.zh) == Self.examples(command.en), "\(command): the examples differ between the languages")
            #expect(command.zh.contains("示例"), "\(command): no 示例 heading")
        }
    }

    static let golden = TestSupport.packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/help/due.zh.txt")

    @Test("duly due --help --lang zh is the reviewed page (DULY_RECORD=1 rewrites it)")
    func dueHelpGolden() throws {
        let r = try CommandLine.run(["due", "--help", "--lang", "zh"], environment: ["LANG": "en_US.UTF-8", "COLUMNS": "80"])
        #expect(r.status == 0)
        if TestSupport.isRecording {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try r.out.write(to: Self.golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.golden.path); review it and run again without DULY_RECORD")
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(r.out == expected)
    }

    @Test("Chinese help follows --lang, --lang=, LC_ALL and LANG; `duly help due` gives the same page", arguments: [
        (["due", "--help", "--lang", "zh"], ["LANG": "en_US.UTF-8"]),
        (["due", "--help", "--lang=zh"], ["LANG": "en_US.UTF-8"]),
        (["due", "--help"], ["LANG": "zh_CN.UTF-8"]),
        (["due", "--help"], ["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]),
        (["help", "due"], ["LANG": "zh_CN.UTF-8"]),
        (["help", "due", "--lang", "zh"], ["LANG": "en_US.UTF-8"]),
    ])
    func chineseRoutes(_ arguments: [String], _ environment: [String: String]) throws {
        var environment = environment
        environment["COLUMNS"] = "80"
        let r = try CommandLine.run(arguments, environment: environment)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == (try? String(contentsOf: Self.golden, encoding: .utf8)))
    }

    @Test("English help otherwise: LANG=en, LC_ALL=C over a Chinese LANG, or --lang en over a Chinese locale", arguments: [
        (["due", "--help"], ["LANG": "en_US.UTF-8"]),
        (["due", "--help"], ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]),
        (["due", "--help", "--lang", "en"], ["LANG": "zh_CN.UTF-8"]),
        (["help", "due", "--lang", "en"], ["LANG": "zh_CN.UTF-8"]),
    ])
    func englishRoutes(_ arguments: [String], _ environment: [String: String]) throws {
        let r = try CommandLine.run(arguments, environment: environment)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("OVERVIEW: List open obligations sorted by deadline."))
        #expect(r.out.contains("USAGE: duly due"))
        // Chinese names (examples/通江县, 班主任) appear in English help; Chinese prose, with its
        // full-width punctuation, does not.
        #expect(!r.out.contains { "\u{FF0C}\u{3002}\u{FF1B}\u{FF1A}\u{FF08}\u{FF09}\u{3001}".contains($0) }, "\(r.out)")
        #expect(r.out.contains("(e.g. 班主任,"))
    }

    @Test("a usage error is worded in Chinese under --lang zh: the parser's frame and the command's own checks")
    func usageErrors() throws {
        let missing = try CommandLine.run(["due", "--lang", "zh"])
        #expect(missing.status == 2)
        #expect(missing.err.hasPrefix("错误:缺少必需的参数 '--data <data>'\n说明:--data <data>  案例数据文件夹:"), "\(missing.err)")
        #expect(missing.err.hasSuffix("用法:duly due [<options>] --data <data>\n  运行 'duly due --help' 查看更多信息。\n"), "\(missing.err)")
        let window = try CommandLine.run(["findings", "--data", "examples/通江县", "--from", "2024-10-10", "--to", "2024-10-01"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(window.status == 2)
        #expect(window.err.hasPrefix("错误:--to 2024-10-01 早于 --from 2024-10-10\n"), "\(window.err)")
        let unknown = try CommandLine.run(["due", "--data", "x", "--bogus", "--lang", "zh"])
        #expect(unknown.err.hasPrefix("错误:未知选项 '--bogus';是否想用 '--bom'?"), "\(unknown.err)")
        let english = try CommandLine.run(["due", "--data", "x", "--bogus"])
        #expect(english.err.hasPrefix("Error: Unknown option '--bogus'. Did you mean '--bom'?"), "\(english.err)")
    }

    @Test("the parser's own words are Chinese too: titles, --help, defaults and the pointer to duly help")
    func parserWords() throws {
        let r = try CommandLine.run(["--help"], environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": "80"])
        #expect(r.status == 0)
        for words in ["概述:", "用法:", "选项:", "子命令:", "显示帮助信息。", "运行 'duly help <子命令>' 查看各子命令的详细帮助。"] {
            #expect(r.out.contains(words), "\(words)")
        }
        for words in ["OVERVIEW:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:", "Show help information."] {
            #expect(!r.out.contains(words), "\(words)")
        }
        let calendar = try CommandLine.run(["calendar", "show", "--help"], environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": "80"])
        #expect(calendar.out.contains("(默认:policies/calendars)"), "\(calendar.out)")
    }
}
