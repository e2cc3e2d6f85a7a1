import ArgumentParser
import DulyKit
import Foundation

/// `duly calendar`: count legal deadlines and look at the calendars they are counted in.
struct CalendarCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Count legal deadlines.", zh: "推算法定期限。")
        static let discussion = Words(
            en: """
                Deadlines follow 民法典 第二百零一条至第二百零三条: the start day is not counted; a period \
                whose last day is a rest day ends on the next working day; working days skip weekends \
                and statutory holidays and count make-up working days (调休上班).

                Examples:
                  duly calendar add 2024-09-27 5个工作日
                  duly calendar show 2024-10 --calendar 贵州

                Exit status: 0 success, 2 bad input (date, duration, calendar name), 3 missing calendar \
                data (no holiday notice for a year, no school calendar, unreadable calendar files).
                """,
            zh: """
                期限按《民法典》第二百零一条至第二百零三条计算:开始的当日不计入;期间的最后一日是休息日的,\
                顺延至其后的第一个工作日;工作日不含周末和法定节假日,调休上班日计为工作日。

                示例:
                  duly calendar add 2024-09-27 5个工作日
                  duly calendar show 2024-10 --calendar 贵州

                退出状态:0 成功,2 输入有误(日期、期限、日历名称),3 缺少日历数据(某年没有节假日安排通知、\
                没有校历、日历文件无法读取)。
                """)
        static let calendar = Words(en: "The calendar stack to use, e.g. `四川` (national + 四川's layers). Default: national.",
                                    zh: "使用的日历层叠,如 `四川`(全国日历加上四川的各层)。默认:全国日历。")
        static let province = Words(en: "Synonym for --calendar: the province whose calendar to use.",
                                    zh: "与 --calendar 相同:使用哪个省的日历。")
        static let calendars = Words(en: "The calendars folder.", zh: "日历文件夹。")
        static let exitStatus = Words(en: "Exit status: 0 success, 2 bad input, 3 missing calendar data.",
                                      zh: "退出状态:0 成功,2 输入有误,3 缺少日历数据。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "calendar", abstract: Help.abstract.shown, discussion: helpPage(Help.discussion),
                             subcommands: [Add.self, Show.self])
    }

    struct CalendarOptions: ParsableArguments {
        @Option(help: .words(Help.calendar))
        var calendar: String?

        @Option(help: .words(Help.province))
        var province: String?

        @Option(help: .words(Help.calendars))
        var calendars: String = CalendarLoading.defaultDirectory

        @OptionGroup var messages: MessageOptions

        @OptionGroup var output: OutputFileOptions

        /// Runs `make` and writes what it returns where the output goes; a calendar error is
        /// reported with its status.
        func write(_ make: (String) throws(CalendarToolError) -> String) throws {
            let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: [calendars], language: messages.language)
            let text: String
            do {
                text = try make(try CalendarTool.calendarName(calendar: calendar, province: province))
            } catch {
                printError(messages.language == .zh ? "错误:\(error.text.zh)" : "error: \(error.text.en)")
                throw (error.kind == .missingData ? ExitStatus.missingCalendarData : ExitStatus.usage).code
            }
            try destination.write(text + "\n")
        }
    }

    struct Add: ParsableCommand {
        enum Help {
            static let abstract = Words(en: "Print the last day of a period counted from a date.",
                                        zh: "输出从某一天起算的期间的最后一日(截止日期)。")
            static let discussion = Words(
                en: """
                    Prints the due date first, then the days counted and the rule applied.

                    Examples:
                      duly calendar add 2024-09-27 "5 working days"
                      duly calendar add 2024-09-27 5个工作日
                      duly calendar add 2025-01-16 "3 teaching days" --calendar 四川
                    """,
                zh: """
                    先输出截止日期,再列出计入的各天和所适用的规则。

                    示例:
                      duly calendar add 2024-09-27 "5 working days"
                      duly calendar add 2024-09-27 5个工作日
                      duly calendar add 2025-01-16 "3 teaching days" --calendar 四川   # 按四川校历
                    """)
            static let date = Words(en: "The starting day (not counted), YYYY-MM-DD.", zh: "起算日(不计入),格式 YYYY-MM-DD。")
            static let duration = Words(en: "The period: `5 working days`, `5个工作日`, `7天`, `1 month`, `半个月`, `3 teaching days`.",
                                        zh: "期间:`5个工作日`、`7天`、`半个月`、`3个教学日`,或英文写法 `5 working days`、`1 month`、`3 teaching days`。")
        }

        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "add", abstract: Help.abstract.shown,
                                 discussion: helpPage(Help.discussion, CalendarCommand.Help.exitStatus))
        }

        @Argument(help: .words(Help.date))
        var date: String

        @Argument(help: .words(Help.duration))
        var duration: String

        @OptionGroup var options: CalendarOptions

        func run() throws {
            try options.write { name throws(CalendarToolError) in
                try CalendarTool.add(date: date, duration: duration, calendar: name, directory: options.calendars,
                                     language: options.messages.language)
            }
        }
    }

    struct Show: ParsableCommand {
        enum Help {
            static let abstract = Words(en: "Print a month with holidays, make-up working days and teaching days marked.",
                                        zh: "输出一个月的日历,标出节假日、调休上班日和教学日。")
            static let discussion = Words(
                en: """
                    Examples:
                      duly calendar show 2024-10
                      duly calendar show 2025-02 --province 四川
                      duly calendar show 2024-10 --out 2024-10.txt
                    """,
                zh: """
                    示例:
                      duly calendar show 2024-10
                      duly calendar show 2025-02 --province 四川
                      duly calendar show 2024-10 --out 2024-10.txt      # 写入文件
                    """)
            static let month = Words(en: "The month, YYYY-MM.", zh: "月份,格式 YYYY-MM。")
        }

        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "show", abstract: Help.abstract.shown,
                                 discussion: helpPage(Help.discussion, CalendarCommand.Help.exitStatus))
        }

        @Argument(help: .words(Help.month))
        var month: String

        @OptionGroup var options: CalendarOptions

        func run() throws {
            try options.write { name throws(CalendarToolError) in
                try CalendarTool.show(month: month, calendar: name, directory: options.calendars, language: options.messages.language)
            }
        }
    }
}
