import DulyTime
import Glibc

/// Writes a synthetic data set: counties of 通江县 (四川, the 1357 escalation) and of
/// 贵州省 (letters between counties), schools of about 350 students, absences in streaks,
/// persuasion, notices, letters and replies, and the schools' daily attendance records.
/// Deterministic: the same `students` and `seed` give the same bytes.
struct Generator {
    var students: Int
    var seed: UInt64 = 2024
    var first = CivilDate(2024, 9, 2)
    var last = CivilDate(2025, 1, 10)

    final class Output {
        let fd: Int32
        var buffer: [UInt8] = []
        var rows = 0
        init(_ path: String) {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            buffer.reserveCapacity(1 << 22)
        }
        func line(_ s: String) {
            buffer.append(contentsOf: s.utf8)
            buffer.append(0x0A)
            rows += 1
            if buffer.count > 1 << 22 { flush() }
        }
        func flush() {
            buffer.withUnsafeBytes { p in
                var off = 0
                while off < p.count { off += write(fd, p.baseAddress! + off, p.count - off) }
            }
            buffer.removeAll(keepingCapacity: true)
        }
        deinit { flush(); close(fd) }
    }

    func run(into folder: String, calendar: WorkCalendar) throws -> (organisations: Int, students: Int, events: Int) {
        mkdir(folder, 0o755)
        var rng = SplitMix64(state: seed)
        let schoolsCount = max(2, students / 350)
        let schoolsPerTownship = 12
        let townships = (schoolsCount + schoolsPerTownship - 1) / schoolsPerTownship
        let townshipsPerCounty = 12
        let counties = (townships + townshipsPerCounty - 1) / townshipsPerCounty
        // Every other county is in Guizhou.
        func isGuizhou(_ c: Int) -> Bool { c % 2 == 1 }
        func countyName(_ c: Int) -> String { isGuizhou(c) ? "黔县\(c)" : (c == 0 ? "通江县" : "川县\(c)") }

        let orgs = Output(folder + "/organisations.csv")
        orgs.line("id,name,kind,managed_by,jurisdiction,county")
        orgs.line("JYT-GZ,贵州省教育厅,省教育厅,,贵州省,")
        for c in 0..<counties {
            let j = isGuizhou(c) ? "贵州省" : "通江县"
            orgs.line("C\(c)-ZF,\(countyName(c))人民政府,县政府,,\(j),\(countyName(c))")
            orgs.line("C\(c)-JYJ,\(countyName(c))教育局,县教育局,,\(j),\(countyName(c))")
        }
        for t in 0..<townships {
            let c = t / townshipsPerCounty
            let j = isGuizhou(c) ? "贵州省" : "通江县"
            orgs.line("T\(t)-ZF,乡镇\(t)人民政府,乡镇政府,C\(c)-ZF,\(j),\(countyName(c))")
            orgs.line("T\(t)-ZXX,乡镇\(t)中心校,乡镇中心校,C\(c)-JYJ,\(j),\(countyName(c))")
        }
        for s in 0..<schoolsCount {
            let t = s / schoolsPerTownship, c = t / townshipsPerCounty
            let j = isGuizhou(c) ? "贵州省" : "通江县"
            orgs.line("S\(s),学校\(s),学校,T\(t)-ZXX;T\(t)-ZF;C\(c)-JYJ,\(j),\(countyName(c))")
        }
        let orgCount = orgs.rows - 1

        let studs = Output(folder + "/students.csv")
        studs.line("学号,姓名,学校,学籍县,户籍县,学籍省,户籍省,出生日期,残疾,建档立卡,随迁")
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
        let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"]
        var schoolOf = [Int32](repeating: 0, count: students)
        var elsewhere = [Int32](repeating: -1, count: students)
        for i in 0..<students {
            let s = Int(rng.next() % UInt64(schoolsCount))
            schoolOf[i] = Int32(s)
            let c = s / schoolsPerTownship / townshipsPerCounty
            var hukou = c
            // One student in fifty is registered in another county of the same province.
            if counties > 2 && rng.next() % 50 == 0 {
                hukou = (c + 2) % counties
                if isGuizhou(hukou) != isGuizhou(c) { hukou = c }
            }
            if hukou != c { elsewhere[i] = Int32(hukou) }
            let birth = CivilDate(2009, 9, 1).adding(days: Int(rng.next() % 3000))
            let name = surnames[Int(rng.next() % 10)] + given[Int(rng.next() % 12)] + given[Int(rng.next() % 12)]
            let prov = isGuizhou(c) ? "JYT-GZ" : ""
            studs.line("P\(i),\(name),S\(s),\(countyName(c)),\(countyName(hukou)),\(prov),\(prov),\(birth),\(rng.next() % 100 == 0 ? "是" : "否"),\(rng.next() % 5 == 0 ? "是" : "否"),\(rng.next() % 10 == 0 ? "是" : "否")")
        }

        // Teaching days of the window.
        var days: [CivilDate] = []
        var d = first
        while d <= last {
            if try calendar.isTeachingDay(d) { days.append(d) }
            d = d.adding(days: 1)
        }
        let events = Output(folder + "/events.csv")
        events.line("id,subject,date,time,type,actor,to,ref,有正当理由,收到日期")
        var n = 0
        func id() -> String { n += 1; return "E\(n)" }
        var streak = [UInt8](repeating: 0, count: students)
        var excused = [Bool](repeating: false, count: students)
        for (k, day) in days.enumerated() {
            // Schools' daily attendance: registered, reported up; the bureau collects it by noon.
            for s in 0..<schoolsCount {
                let t = s / schoolsPerTownship, c = t / townshipsPerCounty
                events.line("\(id()),S\(s),\(day),08:\(10 + Int(rng.next() % 40)),登记到校情况,S\(s),,,,")
                events.line("\(id()),S\(s),\(day),09:\(10 + Int(rng.next() % 40)),上报到校情况,S\(s),T\(t)-ZXX,,,")
                if isGuizhou(c) {
                    events.line("\(id()),S\(s),\(day),11:\(10 + Int(rng.next() % 40)),掌握到校情况,C\(c)-JYJ,,,,")
                }
            }
            for t in 0..<townships {
                let c = t / townshipsPerCounty
                events.line("\(id()),T\(t)-ZXX,\(day),10:05,上报到校情况,T\(t)-ZXX,C\(c)-JYJ,,,")
                if k % 7 == 3 {
                    for s in (t * schoolsPerTownship)..<min(schoolsCount, (t + 1) * schoolsPerTownship) where rng.next() % 3 == 0 {
                        events.line("\(id()),S\(s),\(day),,检查学校,T\(t)-ZXX,,,,")
                    }
                }
            }
            for i in 0..<students {
                let r = rng.next()
                let absent = streak[i] > 0 ? r % 100 < 50 : r % 1000 < 120
                guard absent else { streak[i] = 0; continue }
                if streak[i] == 0 { excused[i] = (r >> 20) % 10 < 7 }
                streak[i] &+= 1
                let s = Int(schoolOf[i])
                events.line("\(id()),P\(i),\(day),,缺课,S\(s),,,\(excused[i] ? "是" : "否"),")
                guard !excused[i] else { continue }
                if streak[i] == 1 || streak[i] == 3 {
                    events.line("\(id()),P\(i),\(day),,劝返,S\(s),,,,")
                }
                if streak[i] == 6, elsewhere[i] >= 0 {
                    let c = s / schoolsPerTownship / townshipsPerCounty
                    events.line("\(id()),P\(i),\(day),,劝返无效,S\(s),,,,")
                    let letter = id()
                    events.line("\(letter),P\(i),\(day),,函告,C\(c)-JYJ,C\(elsewhere[i])-JYJ,,,\(day)")
                    if (r >> 30) % 4 != 0, k + 4 < days.count {
                        events.line("\(id()),P\(i),\(days[k + 1 + Int((r >> 34) % 4)]),,回复,C\(elsewhere[i])-JYJ,C\(c)-JYJ,\(letter),,")
                    }
                }
            }
        }
        return (orgCount, students, n)
    }
}
