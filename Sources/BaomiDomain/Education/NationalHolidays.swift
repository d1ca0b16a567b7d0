/// The national public holidays of the PRC (国务院办公厅 notice on the 2027 holidays), shipped as the calendar's
/// defaults (E6.5): the office adds them with one action and adjusts them like any entry.
public enum NationalHolidays {
    public struct Holiday: Hashable, Sendable {
        public var name: String
        /// `YYYY-MM-DD`: the first day off.
        public var startsOn: String
    }

    public static let year2027: [Holiday] = [
        Holiday(name: "元旦", startsOn: "2027-01-01"),
        Holiday(name: "春节", startsOn: "2027-02-05"),
        Holiday(name: "清明节", startsOn: "2027-04-05"),
        Holiday(name: "劳动节", startsOn: "2027-05-01"),
        Holiday(name: "端午节", startsOn: "2027-06-09"),
        Holiday(name: "中秋节", startsOn: "2027-09-15"),
        Holiday(name: "国庆节", startsOn: "2027-10-01"),
    ]

    public static func of(_ year: Int) -> [Holiday] { year == 2027 ? year2027 : [] }
}
