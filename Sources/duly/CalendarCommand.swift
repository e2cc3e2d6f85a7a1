import ArgumentParser
import DulyKit
import Foundation

/// `duly calendar`: count legal deadlines and look at the calendars they are counted in.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Count legal deadlines.",
        discussion: """
        Deadlines follow 民法典 第二百零一条至第二百零三条: the start day is not counted; a period \
        whose last day is a rest day ends on the next working day; working days skip weekends \
        and statutory holidays and count make-up working days (调休上班).

        Examples:
          duly calendar add 2024-09-27 5个工作日
          duly calendar show 2024-10 --calendar 贵州

        Exit status: 0 success, 2 bad input (date, duration, calendar name), 3 missing calendar \
        data (no holiday notice for a year, no school calendar, unreadable calendar files).
        """,
        subcommands: [Add.self, Show.self]
    )

    struct CalendarOptions: ParsableArguments {
        @Option(help: "The calendar stack to use, e.g. `四川` (national + 四川's layers). Default: national.")
        var calendar: String?

        @Option(help: "Synonym for --calendar: the province whose calendar to use.")
        var province: String?

        @Option(help: "The calendars folder.")
        var calendars: String = CalendarLoading.defaultDirectory

        @OptionGroup var messages: MessageOptions
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Print the last day of a period counted from a date.",
            discussion: """
            Prints the due date first, then the days counted and the rule applied.

            Examples:
              duly calendar add 2024-09-27 "5 working days"
              duly calendar add 2024-09-27 5个工作日
              duly calendar add 2025-01-16 "3 teaching days" --calendar 四川

            Exit status: 0 success, 2 bad input, 3 missing calendar data.
            """
        )

        @Argument(help: "The starting day (not counted), YYYY-MM-DD.")
        var date: String

        @Argument(help: "The period: `5 working days`, `5个工作日`, `7天`, `1 month`, `半个月`, `3 teaching days`.")
        var duration: String

        @OptionGroup var options: CalendarOptions

        func run() throws {
            do {
                let name = try CalendarTool.calendarName(calendar: options.calendar, province: options.province)
                print(try CalendarTool.add(date: date, duration: duration, calendar: name, directory: options.calendars,
                                           language: options.messages.language))
            } catch {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(error.exitStatus)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a month with holidays, make-up working days and teaching days marked.",
            discussion: """
            Examples:
              duly calendar show 2024-10
              duly calendar show 2025-02 --province 四川

            Exit status: 0 success, 2 bad input, 3 missing calendar data.
            """
        )

        @Argument(help: "The month, YYYY-MM.")
        var month: String

        @OptionGroup var options: CalendarOptions

        func run() throws {
            do {
                let name = try CalendarTool.calendarName(calendar: options.calendar, province: options.province)
                print(try CalendarTool.show(month: month, calendar: name, directory: options.calendars, language: options.messages.language))
            } catch {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(error.exitStatus)
            }
        }
    }
}
