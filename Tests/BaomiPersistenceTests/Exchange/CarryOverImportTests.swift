import BaomiDomain
import BaomiPersistence
import Foundation
import Testing

/// A carrier moving in keeps its number, its date and where each copy is (C0, C1.2, C6): the 各份状态 column, checked
/// without a database against a directory built here.
@Suite("Carried-over copies in an import (C0, C1.2, C4, C6, C8)")
struct CarryOverImportTests {
    let design = UUID()
    let safe = UUID()
    let cabinet = UUID()
    let officer = UUID()

    var directory: ExchangeDirectory {
        var directory = ExchangeDirectory(
            units: ["ZTB": design],
            people: [
                "E0501": .init(
                    id: officer, name: "王主任", departmentID: design, classifierMaxLevel: .secret,
                    subject: CarrierImportTests.subject(.important, department: design))
            ])
        directory.places = [
            "ZT-BXG-01": .init(id: safe, name: "总体部密码保险柜", kind: .safe, maxLevel: .topSecret),
            "ZT-WJG-01": .init(id: cabinet, name: "总体部密码文件柜", kind: .fileCabinet, maxLevel: .confidential),
        ]
        return directory
    }

    static let header = "载体编号,载体名称,载体类别,内容类别,密级,保密期限,份数,责任部门编码,知悉范围部门编码,定密责任人工号,制作或接收日期,各份状态"

    private func plan(_ rows: [String]) throws -> CarrierImport.Plan {
        let text = ([Self.header] + rows).joined(separator: "\r\n") + "\r\n"
        return try CarrierImport(catalogue: .nationalDefault, directory: directory).plan(CSVTable.parse(text))
    }

    @Test("C0 C1.2 the number, the date and every copy's state, place, holder and recipient are carried over")
    func carriedOver() throws {
        let plan = try plan([
            "JM-2019-045,总体方案,纸介质,技术方案,机密,20年,4,ZTB,ZTB,E0501,2019-05-06,"
                + "\"第1份：在库，ZT-BXG-01，2025-12-01；第2份：已登记，E0501；第3份：已发出，某集团公司，2024-03-02；第4份：丢失，2025-01-09\""
        ])
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        let carried = try #require(plan.carriedOver[2])
        #expect(carried.number == "JM-2019-045")
        #expect(carried.madeOn == "2019-05-06")
        #expect(
            carried.copies == [
                .init(serial: 1, state: .stored, placeID: safe, since: "2025-12-01"),
                .init(serial: 2, state: .registered, holderID: officer),
                .init(serial: 3, state: .dispatched, counterpart: "某集团公司", since: "2024-03-02"),
                .init(serial: 4, state: .lost, since: "2025-01-09"),
            ])
    }

    @Test("C4 C8 C6 a copy on loan or in a destruction batch, or kept below its level, is refused at its cell")
    func refusedStates() throws {
        let plan = try plan([
            "2026-001,借出的,纸介质,技术方案,机密,20年,1,ZTB,ZTB,E0501,,第1份：借出，E0501",
            "2026-002,待销毁的,纸介质,技术方案,机密,20年,1,ZTB,ZTB,E0501,,第1份：待销毁，ZT-BXG-01",
            "2026-003,柜子不够的,纸介质,技术方案,机密,20年,1,ZTB,ZTB,E0501,,第1份：在库，ZT-WJG-01",
            "2026-004,没写位置的,纸介质,技术方案,机密,20年,1,ZTB,ZTB,E0501,,第1份：在库，档案室",
        ])
        #expect(plan.rows.isEmpty)
        #expect(plan.problems.map(\.row) == [2, 3, 4, 5])
        #expect(plan.problems.allSatisfy { $0.column == "各份状态" })
        #expect(plan.problems.map(\.rule) == [RuleID("C4"), RuleID("C8"), RuleID("C6"), RuleID("C6")])
        #expect(plan.problems[0].description.contains("第 2 行「各份状态」：第1份：借出或外带中的载体份须先归还"))
        #expect(plan.problems[2].message.zh.contains("总体部密码文件柜最高只能存放秘密载体"))
        #expect(plan.problems[3].message.zh.contains("「档案室」不是存放位置编号"))
    }

    @Test("C1.2 every copy once; a number once in the file; a date up to today")
    func serialsNumbersAndDates() throws {
        let plan = try plan([
            "2026-001,缺一份,纸介质,技术方案,秘密,10年,3,ZTB,ZTB,E0501,,第1份：在库，ZT-BXG-01；第1份：丢失",
            "2026-001,重号,纸介质,技术方案,秘密,10年,1,ZTB,ZTB,E0501,2999-01-01,第1份：在库，ZT-BXG-01",
            "2026-002,读不懂,纸介质,技术方案,秘密,10年,1,ZTB,ZTB,E0501,,一份在库",
        ])
        #expect(plan.rows.isEmpty)
        let messages = plan.problems.map { "\($0.row) \($0.column) \($0.message.zh)" }
        #expect(messages.contains { $0.hasPrefix("2 各份状态 第1份写了不止一次") })
        #expect(messages.contains { $0.hasPrefix("2 各份状态 份数为 3，缺少第2、3份的状态") })
        #expect(messages.contains { $0.hasPrefix("3 载体编号 载体编号「2026-001」与第 2 行重复") })
        #expect(messages.contains { $0.hasPrefix("3 制作或接收日期 「2999-01-01」不是今天或以前的日期") })
        #expect(messages.contains { $0.hasPrefix("4 各份状态 无法识别「一份在库」") })
    }

    @Test("the cell reads back what it writes, in Chinese and in English")
    func textRoundTrip() throws {
        let entries = [
            CopyStateEntry(serial: 1, state: .stored, whereabouts: ["ZT-BXG-01"], since: "2026-03-02"),
            CopyStateEntry(serial: 2, state: .inTransit, whereabouts: ["ZTB", "总体设计部；张三", "E0501"]),
            CopyStateEntry(serial: 3, state: .destroyed, since: "2026-01-09"),
        ]
        let chinese = CopyStateList.text(entries)
        #expect(chinese == "第1份：在库，ZT-BXG-01，2026-03-02；第2份：传递中，ZTB，总体设计部、张三，E0501；第3份：已销毁，2026-01-09")
        var expected = entries
        expected[1].whereabouts[1] = "总体设计部、张三"
        #expect(try CopyStateList.parse(chinese).get() == expected)
        #expect(try CopyStateList.parse(CopyStateList.text(entries, language: .en)).get() == expected)
    }
}
