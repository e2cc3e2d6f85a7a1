import ArgumentParser
import DulySource
import Foundation

/// The language a user of this run reads: `--lang zh|en` on the command line, else the locale.
///
/// Help is generated before (and without) a successful parse: `--help` ends parsing early, and
/// ArgumentParser reads each command's `configuration` and each option's `help:` while it builds
/// the text. So the command line is read here by hand, with the same rules as `--lang`: the
/// last `--lang X` or `--lang=X` before a `--` wins, and a value that is not a language is
/// left for the parser to report.
enum UserLanguage {
    /// The language of this process: its arguments, then its environment. Worked out once:
    /// building the commands' help reads it for every option, and each reading of the
    /// environment builds a dictionary of it (4 % of a whole `due` run on a million events).
    static let current: MessageLanguage =
        resolve(arguments: Array(Swift.CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)

    /// `--lang` from `arguments` when given, else the locale of `environment`.
    static func resolve(arguments: [String], environment: [String: String]) -> MessageLanguage {
        var chosen: MessageLanguage?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count {
                if let language = MessageLanguage(rawValue: arguments[index + 1]) { chosen = language }
                index += 2
                continue
            }
            if argument.hasPrefix("--lang="), let language = MessageLanguage(rawValue: String(argument.dropFirst("--lang=".count))) {
                chosen = language
            }
            index += 1
        }
        return chosen ?? locale(environment)
    }

    /// The locale's language as POSIX orders the variables: `LC_ALL`, then `LC_MESSAGES`, then
    /// `LANG`; the first one set and not empty decides, so `LC_ALL=C` means English even
    /// under `LANG=zh_CN.UTF-8`.
    static func locale(_ environment: [String: String]) -> MessageLanguage {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return MessageLanguage.fromLocale(value) }
        }
        return .en
    }
}

/// A help text in both languages. Every abstract, discussion and option help of `duly` is one
/// of these, written once beside its command, so no help text exists in one language only.
typealias Words = LocalizedText

extension LocalizedText {
    /// The text in the language of this run.
    var shown: String { text(UserLanguage.current) }
}

/// A command's discussion: `parts` as paragraphs in the language of this run, Chinese prose
/// broken to fit 78 columns.
func helpPage(_ parts: Words...) -> String {
    ChineseLines.wrap(parts.map(\.shown).joined(separator: "\n\n"), width: 78)
}

extension ArgumentHelp {
    /// Option or argument help in the language of this run; Chinese is broken to fit the 54
    /// columns ArgumentParser leaves beside the option names on an 80-column terminal.
    static func words(_ words: Words) -> ArgumentHelp { ArgumentHelp(ChineseLines.wrap(words.shown, width: 54)) }
}

extension ParserWords {
    /// What ArgumentParser says around a usage error, in Chinese: `Error:`, the usage line,
    /// the option's help and the pointer to `--help`, and its common messages (a missing
    /// argument, an unknown option, a bad value). The names it quotes stay as typed.
    static let errorsZh: [(String, String)] = [
        ("Error: ", "错误:"),
        ("\nUsage: ", "\n用法:"),
        ("\nHelp:  ", "\n说明:"),
        ("Missing expected argument '", "缺少必需的参数 '"),
        ("Missing one of: '", "缺少以下之一:'"),
        ("Missing value for '", "选项缺少值 '"),
        ("Unknown option '", "未知选项 '"),
        ("Unexpected argument '", "多余的参数 '"),
        (" unexpected arguments: '", " 个多余的参数:'"),
        ("Invalid option: ", "无效选项:"),
        ("Missing required subcommand.", "缺少子命令。"),
        ("The value '", "值 '"),
        ("' is invalid for '", "' 不适用于 '"),
        ("' is invalid.", "' 无效。"),
        (". Please provide one of the following:", ";请给出以下之一:"),
        (". Please provide one of ", ";请给出以下之一:"),
        ("' or '", "' 或 '"),
        ("'. Did you mean '", "';是否想用 '"),
    ]

    /// A usage error's message in `language`.
    static func translateError(_ message: String, to language: MessageLanguage) -> String {
        guard language == .zh else { return message }
        var message = message
        for (en, zh) in errorsZh { message = message.replacingOccurrences(of: en, with: zh) }
        // "See 'duly due --help' for more information."
        if let see = message.range(of: "See '"), let end = message.range(of: "' for more information.", range: see.upperBound..<message.endIndex) {
            let command = message[see.upperBound..<end.lowerBound]
            message.replaceSubrange(see.lowerBound..<end.upperBound, with: "运行 '\(command)' 查看更多信息。")
        }
        return message
    }
}

/// Line breaking for Chinese help text.
///
/// ArgumentParser wraps help at spaces and counts characters, not columns: a Chinese sentence,
/// which has no spaces and whose characters take two columns each, comes out as one line
/// twice the terminal's width, and a run longer than a screen line without a space makes it
/// break at the next space it finds, even past a line end, eating an example's indentation.
/// So Chinese prose is broken here, by display width, between characters where Chinese allows
/// (never before a closing mark such as `,` or `。`, never after an opening one, never inside a
/// run of Latin letters or digits). Lines that begin with a space (examples) and lines without
/// Chinese are left as written.
enum ChineseLines {
    /// Off while a usage error is worded: there an option's help follows a label on one line.
    /// Read and set on the main thread only, before and after ArgumentParser builds its text.
    nonisolated(unsafe) static var isEnabled = true

    static func wrap(_ text: String, width: Int) -> String {
        // English help quotes Chinese names (班主任), which ArgumentParser wraps well enough.
        guard isEnabled, UserLanguage.current == .zh else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.hasPrefix(" "), line.contains(where: isWide), columns(line) > width else { return String(line) }
            return wrapLine(Array(line), width: width).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func wrapLine(_ characters: [Character], width: Int) -> [String] {
        var lines: [String] = [], current: [Character] = [], used = 0, lastBreak: Int?, inCode = false
        for c in characters {
            // Never inside `code`: a command or a comment in backticks is copied as written.
            if let previous = current.last, !inCode, canBreak(previous, c) { lastBreak = current.count }
            if c == "`" { inCode.toggle() }
            if used + columns(c) > width, let at = lastBreak, at > 0 {
                lines.append(String(current[..<at]).trimmingCharacters(in: .whitespaces))
                current = Array(current[at...].drop(while: { $0 == " " }))
                used = current.reduce(0) { $0 + columns($1) }
                lastBreak = nil
            }
            current.append(c)
            used += columns(c)
        }
        lines.append(String(current))
        return lines
    }

    static let closing: Set<Character> = [",", "。", "、", ";", ":", "?", "!", ")", "》", "」", "』", "”", "’", "%", ")", ",", ".", ";", ":", "·"]
    static let opening: Set<Character> = ["(", "《", "「", "『", "“", "‘", "(", "`"]

    static func canBreak(_ before: Character, _ after: Character) -> Bool {
        if before == " " { return true }
        if after == " " || closing.contains(after) || opening.contains(before) { return false }
        return isWide(before) || isWide(after)
    }

    /// Characters a terminal shows two columns wide: CJK ideographs, kana, Hangul and
    /// full-width forms and punctuation.
    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    static func columns(_ c: Character) -> Int { isWide(c) ? 2 : 1 }
    static func columns<S: Sequence>(_ s: S) -> Int where S.Element == Character { s.reduce(0) { $0 + columns($1) } }
}

/// What ArgumentParser writes around our words in a help page, in Chinese: its section titles,
/// its own `--help`/`--version` lines, the default and value lists and the pointer to `duly
/// help`. Replaced in the finished page, since the parser offers no way to word them; a
/// phrase it words differently in a later version is simply left in English.
enum ParserWords {
    static let zh: [(String, String)] = [
        ("OVERVIEW: ", "概述:"),
        ("USAGE: ", "用法:  "),
        ("\nARGUMENTS:\n", "\n参数:\n"),
        ("\nOPTIONS:\n", "\n选项:\n"),
        ("\nSUBCOMMANDS:\n", "\n子命令:\n"),
        ("Show help information.", "显示帮助信息。"),
        ("Show the version.", "显示版本号。"),
        ("(default as flag: ", "(作为开关时默认:"),
        ("; default: ", ";默认:"),
        ("(default: ", "(默认:"),
        ("(default:", "(默认:"),
        ("(values: ", "(可选值:"),
        ("(values:", "(可选值:"),
        ("(default)", "(默认)"),
    ]

    /// `page` with the parser's own phrases in `language`.
    static func translate(_ page: String, to language: MessageLanguage) -> String {
        guard language == .zh else { return page }
        var page = page
        for (en, zh) in zh { page = page.replacingOccurrences(of: en, with: zh) }
        // "See 'duly help calendar <subcommand>' for detailed help."
        if let see = page.range(of: "See '"), let end = page.range(of: "' for detailed help.", range: see.upperBound..<page.endIndex) {
            let command = page[see.upperBound..<end.lowerBound].replacingOccurrences(of: "<subcommand>", with: "<子命令>")
            page.replaceSubrange(see.lowerBound..<end.upperBound, with: "运行 '\(command)' 查看各子命令的详细帮助。")
        }
        return page
    }
}
