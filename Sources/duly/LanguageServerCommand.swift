import ArgumentParser
import DulyKit
import DulySource
import Foundation

/// `duly lsp`: the language server editors start; it speaks on standard input and output.
struct LanguageServerCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Run the language server for editors (LSP on standard input and output).",
                                    zh: "为编辑器运行语言服务器(经标准输入和标准输出通信,遵循 LSP 协议)。")
        static let discussion = Words(
            en: """
                An editor starts this command and talks to it; a person does not run it by hand. \
                It gives live diagnostics (checked with the whole policy tree: parents, vocabulary, \
                calendars and unsaved buffers), hover, go to definition, references, completion, \
                formatting (as `fmt`), the outline and quick fixes. Messages are in the editor's \
                language (its locale), else LANG; --lang fixes it. Setup for VS Code, Neovim and \
                Helix: docs/editors.md.

                The server runs in a child process: if it fails, or one request runs longer than \
                --request-time-limit, that request is answered with an error and a new child takes \
                over with the open documents, so the editor's session goes on.

                Example (what an editor runs):
                  duly lsp --lang zh

                Exit status: 0 after the editor's shutdown and exit, 1 when the input ends without them.
                """,
            zh: """
                这个命令由编辑器启动并与之通信,无需手动运行。它提供实时诊断(连同整个政策树一起检查:\
                上级政策、词汇表、日历和尚未保存的编辑内容)、悬停提示、跳转到定义、查找引用、自动补全、\
                格式化(同 `fmt`)、大纲和快速修复。提示语言随编辑器的区域设置,否则随 LANG;--lang 可以\
                固定语言。VS Code、Neovim 和 Helix 的配置方法见 docs/editors.md。

                服务器在子进程中运行:子进程出错,或某个请求运行超过 --request-time-limit 秒,该请求即以\
                错误答复,并由新的子进程接管已打开的文档,编辑器的会话不受影响。

                示例(由编辑器运行):
                  duly lsp --lang zh

                退出状态:编辑器发出 shutdown 和 exit 后为 0;输入在此之前结束为 1。
                """)
        static let lang = Words(en: "Message language: zh or en (default: the editor's locale, else LANG).",
                                zh: "提示语言:zh(中文)或 en(英文);默认随编辑器的区域设置,否则随 LANG。")
        static let requestTimeLimit = Words(en: "Seconds one request may take before it is answered with an error and the server restarted.",
                                            zh: "单个请求最多可用的秒数;超时即以错误答复,并重启服务器。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "lsp", abstract: Help.abstract.shown, discussion: helpPage(Help.discussion))
    }

    @Option(name: .long, help: .words(Help.lang))
    var lang: MessageLanguage?

    @Option(name: .long, help: .words(Help.requestTimeLimit))
    var requestTimeLimit: Double = 30

    @Flag(name: .long, help: .hidden)
    var worker = false

    func validate() throws {
        guard requestTimeLimit > 0 else { throw usageError(en: "--request-time-limit must be positive", zh: "--request-time-limit 必须大于 0") }
    }

    func run() throws {
        let language = lang ?? UserLanguage.locale(ProcessInfo.processInfo.environment)
        let status: Int32
        if worker {
            status = LanguageServer.serve(language: language, languageIsFixed: lang != nil, version: Duly.version)
        } else {
            let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
            status = LanguageServerSupervisor.run(executable: executable, arguments: ["lsp", "--worker"] + (lang.map { ["--lang", $0.rawValue] } ?? []),
                                                  language: language, requestTimeLimit: requestTimeLimit)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
