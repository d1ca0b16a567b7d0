import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The two letters of a departure (T12) as data (principle 15): the leaver as named at submission, the periods
/// (as fixed at completion, else as they will run from it), the unit. Printed in Chinese, like the 审批表.
struct DepartureLetterSheet {
    var letter: DepartureLetter
    var number: String
    var unit: String
    var personName: String
    var employeeNumber: String
    var departmentName: String
    var postClass: SecretPostClass
    var way: String
    var lastWorkingDay: String
    var newEmployer: String
    /// `YYYY-MM-DD` once completed; before, the number of years from the day it completes.
    var separation: String?
    var nonCompete: String?
    var issuedOn: String
}

enum DepartureLetterPage {
    static func render(_ context: PageContext, sheet: DepartureLetterSheet) -> HTML {
        var content: [BodyNode] = [H.el("h1", [("id", "letter-title")], text: sheet.letter.title.zh)]
        let duties = dutyParagraphs(sheet)
        switch sheet.letter {
        case .reminder:
            content.append(H.el("p", [], text: "\(sheet.personName)同志（工号 \(sheet.employeeNumber)）："))
            content.append(
                H.el(
                    "p", [],
                    text: "您原在\(sheet.departmentName)任\(sheet.postClass.title.zh)，于 \(sheet.lastWorkingDay) "
                        + "\(sheet.way)离开涉密岗位（\(sheet.number)）。根据国家保密法律法规和本单位保密制度，现以书面形式重申您离岗后应当履行的保密义务："))
            content += duties.enumerated().map { index, text in
                H.el("p", [], text: "\(["一", "二", "三", "四", "五"][index])、\(text)")
            }
            content.append(H.el("p", [], text: "本提醒书一式两份，本人与单位各执一份。"))
            content.append(
                H.el("p", [], text: "本人签收：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"))
            content.append(
                H.el("p", [], text: "人事部门（盖章）：＿＿＿＿＿＿　　保密办（盖章）：＿＿＿＿＿＿"))
        case .notice:
            content.append(H.el("p", [], text: "\(sheet.newEmployer)："))
            content.append(
                H.el(
                    "p", [],
                    text: "我单位原工作人员\(sheet.personName)同志已于 \(sheet.lastWorkingDay) 离职（\(sheet.way)）。"
                        + "该同志在我单位工作期间从事涉密工作，知悉国家秘密和本单位商业秘密。根据《中华人民共和国保守国家秘密法》"
                        + "及有关规定，现将其离岗后须继续履行的义务函告如下："))
            content += duties.dropFirst().enumerated().map { index, text in
                H.el("p", [], text: "\(["一", "二", "三", "四"][index])、\(text)")
            }
            content.append(
                H.el("p", [], text: "请贵单位在上述期限内支持和配合做好该同志的保密管理工作。如有疑问，请与我单位保密办联系。特此函告。"))
        }
        content.append(H.el("p", [("class", "letter-sign")], text: "\(sheet.unit)（盖章）"))
        content.append(H.el("p", [("class", "letter-sign")], text: sheet.issuedOn))
        return LedgerPages.printShell(
            context, title: "\(sheet.letter.title.zh) \(sheet.number)",
            [H.el("div", [("class", "approval-form"), ("id", "departure-letter")], content)])
    }

    /// The duties the letters reiterate (A7, T22, T11, T12).
    static func dutyParagraphs(_ sheet: DepartureLetterSheet) -> [String] {
        var duties = [
            "离岗前已退还全部涉密载体和技术资料、实验材料、设备、产品，不得复制或者留存（T22）。",
            sheet.separation.map {
                "自离岗之日起进入脱密期，脱密期至 \($0)。脱密期内不得违反规定就业，未经批准不得出境，"
                    + "不得以任何方式泄露所知悉的国家秘密（A7）。"
            } ?? "原岗位为非涉密岗位，不设脱密期；所知悉的工作秘密仍须保守。",
        ]
        if let nonCompete = sheet.nonCompete {
            duties.append(
                "竞业限制期至 \(nonCompete)：期内不得到与本单位生产或者经营同类产品、从事同类业务的有竞争关系的单位任职，"
                    + "不得自己开业生产或者经营与本单位有竞争关系的同类产品、业务（T11）。")
        }
        duties.append("继续遵守所签订的保密协议、保密承诺书的约定；违反者，依法依规追究责任。")
        return duties
    }
}
