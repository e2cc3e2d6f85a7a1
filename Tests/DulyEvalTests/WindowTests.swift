import DulyData
import DulyTestSupport
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

/// A small policy tree (the shipped vocabulary and calendars, and the fixture policies under
/// `Fixtures/windows`) with organisations of two jurisdictions, judged over events written in
/// each test.
enum WindowFixture {
    static let organisations = """
        id,name,kind,managed_by,jurisdiction,county
        L-ZF,迟办县人民政府,县政府,,迟办省,迟办县
        L-JYJ,迟办县教育局,县教育局,,迟办省,迟办县
        L-ZXX,迟办镇中心学校,乡镇中心校,L-JYJ,迟办省,迟办县
        L-SCH,迟办镇小学,学校,L-ZXX;L-JYJ,迟办省,迟办县
        T-ZF,学期县人民政府,县政府,,学期省,学期县
        T-JYJ,学期县教育局,县教育局,,学期省,学期县
        T-ZXX,学期镇中心学校,乡镇中心校,T-JYJ,学期省,学期县
        T-SCH,学期镇小学,学校,T-ZXX;T-JYJ,学期省,学期县

        """
    static let students = """
        学号,姓名,学校,学籍县,户籍县,学籍省,户籍省,出生日期,残疾,建档立卡,随迁
        T-S1,甲,T-SCH,学期县,学期县,,,2008-03-01,否,是,否
        T-S2,乙,T-SCH,学期县,学期县,,,2008-03-01,否,是,否
        T-S3,丙,T-SCH,学期县,学期县,,,2008-03-01,否,是,否

        """

    /// A temporary copy of the fixture tree; removed by the caller.
    static func tree() throws -> String {
        let root = NSTemporaryDirectory() + "duly-windows-\(UUID().uuidString)"
        let policies = root + "/policies"
        let fm = FileManager.default
        try fm.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try fm.copyItem(atPath: repositoryRoot + "/policies/控辍保学.duly", toPath: policies + "/控辍保学.duly")
        try fm.copyItem(atPath: repositoryRoot + "/policies/calendars", toPath: policies + "/calendars")
        let fixtures = repositoryRoot + "/Tests/DulyEvalTests/Fixtures/windows"
        for file in try fm.contentsOfDirectory(atPath: fixtures) where file.hasSuffix(".duly") || file.hasSuffix(".cal") {
            try fm.copyItem(atPath: fixtures + "/" + file, toPath: policies + "/" + file)
        }
        return root
    }

    /// The findings (JSON) and the explanation of `subject` for `events` (CSV rows without the
    /// header), judged at `asOf` with the data taken to begin at `from`.
    static func judge(_ events: String, subject: String, asOf: CivilDate, from: CivilDate) throws -> String {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let check = PolicyCheck.run(paths: [root + "/policies"])
        guard let program = check.program, check.errorCount == 0 else {
            return "policy errors:\n" + check.diagnostics.map { "\($0.code) \($0.path) \($0.message.en)" }.joined(separator: "\n")
        }
        let calendars = check.calendars
        let data = root + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try organisations.write(toFile: data + "/organisations.csv", atomically: true, encoding: .utf8)
        try students.write(toFile: data + "/students.csv", atomically: true, encoding: .utf8)
        try ("id,subject,date,time,type,actor,to\n" + events).write(toFile: data + "/events.csv", atomically: true, encoding: .utf8)
        // The data speaks for every day from `from` to the as-of date: the cases are about
        // attribution, not about missing data.
        try "organisation,from,through\n,\(from),\(asOf)\n".write(toFile: data + "/coverage.csv", atomically: true, encoding: .utf8)
        let set = try CaseDataReader.load(data, program: program)
        let all = Evaluation.run(program: program, calendars: calendars, data: set,
                                 options: EvaluationOptions(asOf: asOf, windowStart: from, keepDue: { _ in true }, keepFinding: { _ in true }))
        let traced = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: asOf, windowStart: from, traceSubject: subject))
        let findings = all.findings.filter { $0.subject.rawValue == subject || $0.organisation?.rawValue == subject }
        return Reports.findings(all, findings, format: .csv) + "\n" + Reports.explain(traced, subject: subject, format: .text)
            + (all.problems.isEmpty ? "" : "\n" + all.problems.map { $0.message(in: .en) }.joined(separator: "\n") + "\n")
    }

    /// Compares with `Golden/windows/NAME.txt` (record mode rewrites it and fails).
    static func check(_ name: String, _ actual: String) {
        if let problem = checkGolden("windows/\(name).txt", actual) { Issue.record(Comment(rawValue: problem)) }
    }
}
