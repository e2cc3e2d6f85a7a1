/// Age in 周岁 (full years), as Chinese law counts it.
///
/// 周岁 follow the Gregorian year, month and day, and a person is N 周岁 from the day after the
/// Nth birthday (最高人民法院《关于贯彻执行〈中华人民共和国民法通则〉若干问题的意见（试行）》
/// 第 2 条: "周岁以公历的年、月、日计算……从周岁生日的第二天起算"; the same reading as 民法典
/// 第二百零一条, the start day is not counted). The Nth birthday of someone born on 29 February
/// is 28 February in a common year, the last day of that month (第二百零二条), so N 周岁 is reached
/// on 1 March.
extension CivilDate {
    /// The Nth birthday (周岁生日) of someone born on this date: the same month and day N years
    /// on, or the last day of that month when there is no such day.
    public func birthday(_ years: Int) -> CivilDate {
        adding(months: 12 * years).date
    }

    /// The first day on which someone born on this date is `years` 周岁: the day after the
    /// `years`th birthday.
    public func reachesAge(_ years: Int) -> CivilDate {
        birthday(years).adding(days: 1)
    }

    /// Whether someone born on this date is at least `years` 周岁 on `date` (满 N 周岁, N 周岁以上,
    /// which include N: 民法典 第一千二百五十九条). Its negation is 不满 N 周岁.
    public func isAtLeast(_ years: Int, on date: CivilDate) -> Bool {
        date >= reachesAge(years)
    }
}
