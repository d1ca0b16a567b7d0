import BaomiDomain
import BaomiPersistence
import Foundation
import Testing

/// Checking import rows needs no database: the codes resolve through a directory built here.
@Suite("Carrier import rows (C1.1, C1.2, C2, C9, T5.1, T5.2, T6)")
struct CarrierImportTests {
    let design = UUID()
    let lab = UUID()
    let classifier = UUID()
    let clerk = UUID()
    let project = UUID()

    var directory: ExchangeDirectory {
        ExchangeDirectory(
            units: ["ZTB": design, "YJ1": lab],
            people: [
                "E0501": .init(
                    id: classifier, name: "王主任", departmentID: design, classifierMaxLevel: .secret,
                    subject: Self.subject(.core, department: design)),
                "E0503": .init(
                    id: clerk, name: "李设计", departmentID: design, classifierMaxLevel: nil,
                    subject: Self.subject(.general, department: design)),
            ],
            projects: ["XM-02": project], documentNumbers: ["总体字〔2025〕9号": 1], today: "2026-03-01")
    }

    /// A person as the access decision sees them, with a secret post (A2).
    static func subject(_ postClass: SecretPostClass, department: UUID, roles: Set<Role> = []) -> AccessSubject {
        AccessSubject(
            personID: UUID(), departmentID: department, roles: roles, postClass: postClass,
            clearance: PostClassCatalogue.nationalDefault.clearance(postClass, levels: .nationalDefault))
    }

    static let header = "载体名称,文号,载体类别,载体形态,来源,密级,保密期限,份数,允许复制,责任部门编码,知悉范围部门编码,定密责任人工号,定密依据,原定密机关,备注"

    private func plan(
        _ rows: [String], header: String = header, registrar: CarrierRegistration.Registrar = .system,
        duplicateReason: String? = nil
    ) throws
        -> CarrierImport.Plan
    {
        let text = ([header] + rows).joined(separator: "\r\n") + "\r\n"
        return try CarrierImport(
            catalogue: .nationalDefault, directory: directory, registrar: registrar,
            duplicateDocumentNumberReason: duplicateReason
        )
        .plan(CSVTable.parse(text))
    }

    @Test("C1.1 an import row without a level is refused with its row number")
    func rowWithoutLevel() throws {
        let plan = try plan([
            "总体技术方案,总体字〔2026〕1号,技术方案,纸介质,自制,机密,20年,3,否,ZTB,ZTB,E0501,范围第3条,,",
            "无密级文件,,数据,光盘,自制,,10,1,,ZTB,ZTB,E0501,,,",
        ])
        #expect(plan.rows.map(\.row) == [2])
        #expect(plan.problems.count == 1)
        let problem = try #require(plan.problems.first)
        #expect(problem.row == 3)
        #expect(problem.column == "密级")
        #expect(problem.rule == RuleID("C1.1"))
        #expect(problem.description.contains("第 3 行「密级」"))
        #expect(problem.description.contains("(C1.1)"))
    }

    @Test("C1.1 Chinese labels and code words read the same, English headers too")
    func labelsAndCodeWords() throws {
        let chinese = try plan(["方案,,技术方案,纸介质,自制,机密,20年,3,是,ZTB,ZTB;YJ1,E0501,依据,,"])
        let english = try plan(
            ["方案,,technicalSolution,paper,made,secret,20,3,yes,ZTB,ZTB、YJ1,E0501,依据,,"],
            header:
                "title,documentNumber,category,form,source,level,period,copyCount,copyingAllowed,departmentCode,"
                + "scopeDepartmentCodes,classifierEmployeeNumber,classificationBasis,originatingAuthority,notes")
        #expect(chinese.problems.isEmpty)
        #expect(english.problems.isEmpty)
        let draft = try #require(chinese.rows.first?.draft)
        #expect(draft == english.rows.first?.draft)
        #expect(draft.level.id == .secret)
        #expect(draft.category == .technicalSolution)
        #expect(draft.form == .paper)
        #expect(draft.period == .years(20))
        #expect(draft.copyingAllowed)
        #expect(draft.scopeDepartments == [design, lab])
        #expect(draft.classifierID == classifier)
    }

    @Test("T6 the ledger's 载体类别 may hold the form (纸介质) beside 内容类别, or the category beside 载体形态")
    func ledgerKindColumn() throws {
        let ledger = try plan(
            ["图纸册,光盘,图纸,秘密,10年,1,ZTB,ZTB,E0501"],
            header: "载体名称,载体类别,内容类别,密级,保密期限,份数,责任部门编码,知悉范围部门编码,定密责任人工号")
        #expect(ledger.problems.isEmpty)
        #expect(ledger.rows.first?.draft.form == .opticalDisc)
        #expect(ledger.rows.first?.draft.category == .drawing)
        // 样品 is both a form and a category: alone it fills both.
        let sample = try plan(
            ["试样,样品,秘密,10年,1,ZTB,ZTB,E0501"],
            header: "载体名称,载体类别,密级,保密期限,份数,责任部门编码,知悉范围部门编码,定密责任人工号")
        #expect(sample.rows.first?.draft.form == .sample)
        #expect(sample.rows.first?.draft.category == .sample)
    }

    @Test("T5.1 a classifier not authorised for the level is refused before anything is written")
    func classifierAuthority() throws {
        let plan = try plan([
            "绝密方案,,技术方案,纸介质,自制,绝密,30年,1,,ZTB,ZTB,E0501,,,",
            "秘密方案,,技术方案,纸介质,自制,秘密,10年,1,,ZTB,ZTB,E0503,,,",
            "无人定密,,技术方案,纸介质,自制,秘密,10年,1,,ZTB,ZTB,E9999,,,",
        ])
        #expect(plan.rows.isEmpty)
        #expect(plan.problems.map(\.row) == [2, 3, 4])
        #expect(plan.problems.allSatisfy { $0.rule == RuleID("T5.1") && $0.column == "定密责任人工号" })
        #expect(plan.problems[2].message.zh.contains("E9999"))
    }

    @Test("C2 a received row records its originating authority; no classifier is needed")
    func receivedNeedsAuthority() throws {
        let plan = try plan([
            "上级通知,主管保〔2026〕3号,其他,纸介质,收文,秘密,10年,2,,ZTB,ZTB,,,上级主管部门,",
            "无来文单位,,其他,纸介质,收文,秘密,10年,2,,ZTB,ZTB,,,,",
        ])
        #expect(plan.rows.map(\.row) == [2])
        #expect(plan.rows.first?.draft.classifierID == nil)
        #expect(plan.problems.map(\.rule) == [RuleID("C2")])
        #expect(plan.problems.first?.column == "原定密机关")
    }

    @Test("C2 a received row whose count differs from the dispatch note (来文份数) is registered as counted, flagged")
    func declaredCount() throws {
        let plan = try plan(
            ["上级通知,秘密,10年,2,3,ZTB,ZTB,收文,上级主管部门,其他,纸介质", "上级通知二,秘密,10年,2,两份,ZTB,ZTB,收文,上级主管部门,其他,纸介质"],
            header: "载体名称,密级,保密期限,份数,来文份数,责任部门编码,知悉范围部门编码,来源,原定密机关,内容类别,载体形态")
        #expect(plan.rows.first?.draft.copyCount == 2)
        #expect(plan.rows.first?.draft.notes.contains("来文注明 3 份，实收 2 份") == true)
        #expect(plan.problems.map(\.column) == ["来文份数"])
        #expect(plan.problems.first?.rule == RuleID("C2"))
    }

    @Test("C9 a period beyond the level's maximum, or years on a commercial secret, is refused")
    func periodLimits() throws {
        let plan = try plan([
            "秘密方案,,技术方案,纸介质,自制,秘密,20年,1,,ZTB,ZTB,E0501,,,",
            "商密方案,,技术方案,纸介质,收文,核心商密,5年,1,,ZTB,ZTB,,,合作单位,",
            "商密协议,,技术方案,纸介质,收文,核心商密,长期,1,,ZTB,ZTB,,,合作单位,",
            "机密期限,,技术方案,纸介质,自制,机密,2035/1/5前,1,,ZTB,ZTB,E0501,,,",
        ])
        #expect(plan.problems.map(\.row) == [2, 3])
        #expect(plan.problems.allSatisfy { $0.rule == RuleID("C9") && $0.column == "保密期限" })
        #expect(plan.rows.map(\.draft.period) == [.longTerm, .until("2035-01-05")])
    }

    @Test("C1.1 C1.2 copies must be a whole number from 1 to 500; scope codes must exist")
    func copiesAndScope() throws {
        let plan = try plan([
            "零份,,数据,光盘,自制,秘密,10年,0,,ZTB,ZTB,E0501,,,",
            "几份,,数据,光盘,自制,秘密,10年,三份,,ZTB,ZTB,E0501,,,",
            "外部门,,数据,光盘,自制,秘密,10年,3份,,ZTB,ZTB;WAI,E0501,,,",
            "未知部门,,数据,光盘,自制,秘密,10年,1,,XYZ,ZTB,E0501,,,",
        ])
        #expect(plan.rows.isEmpty)
        #expect(plan.problems.map(\.row) == [2, 3, 4, 5])
        #expect(plan.problems.map(\.column) == ["份数", "份数", "知悉范围部门编码", "责任部门编码"])
        #expect(plan.problems[2].message.zh.contains("WAI"))
        #expect(plan.problems[3].message.zh.contains("XYZ"))
    }

    @Test("T6 an unknown level, form or category word names the word and the allowed ones")
    func unknownWords() throws {
        let plan = try plan(["方案,,技术方案,羊皮卷,自制,极密,10年,1,,ZTB,ZTB,E0501,,,"])
        #expect(plan.problems.map(\.column) == ["密级", "载体形态"])
        #expect(plan.problems[0].message.zh.contains("极密"))
        #expect(plan.problems[0].message.zh.contains("绝密 (topSecret)、机密 (secret)、秘密 (confidential)"))
        #expect(plan.problems[1].message.zh.contains("羊皮卷"))
        #expect(plan.problems[1].message.zh.contains("纸介质 (paper)"))
    }

    @Test("T6 an unknown category, source, department or project names the value and lists the accepted ones")
    func unknownValuesListTheAcceptedOnes() throws {
        let plan = try plan(
            ["方案,,口诀,纸介质,抄来,秘密,10年,1,,XYZ,ZTB,E0501,,,"],
            header: "载体名称,文号,内容类别,载体形态,来源,密级,保密期限,份数,允许复制,责任部门编码,知悉范围部门编码,定密责任人工号,定密依据,原定密机关,备注")
        #expect(plan.problems.map(\.column) == ["内容类别", "来源", "责任部门编码"])
        #expect(plan.problems[0].message.zh.contains("「口诀」") && plan.problems[0].message.zh.contains("图纸"))
        #expect(plan.problems[1].message.zh.contains("自制 (made)、收文 (received)"))
        #expect(plan.problems[2].message.zh.contains("「XYZ」") && plan.problems[2].message.zh.contains("YJ1、ZTB"))
        #expect(plan.problems[2].message.en.contains("use one of YJ1, ZTB"))
    }

    @Test("T5.2 a department secrecy officer imports only their own department's carriers")
    func stewardship() throws {
        let officer = Self.subject(.core, department: design, roles: [.secrecyOfficer])
        let plan = try plan(
            [
                "本部门,,数据,光盘,自制,秘密,10年,1,,ZTB,ZTB,E0501,,,",
                "他部门,,数据,光盘,自制,秘密,10年,1,,YJ1,YJ1,E0501,,,",
            ], registrar: .account(officer))
        #expect(plan.rows.map(\.row) == [2])
        #expect(plan.problems.map(\.rule) == [RuleID("T5.2")])
    }

    @Test("A2 an import as a 重要-cleared officer refuses the 绝密 rows, as POST /api/v1/carriers does")
    func registrarClearance() throws {
        // setup: the security office's officer holds 重要 (up to 机密); the classifier may classify 绝密
        var directory = directory
        directory.people["E0501"]?.classifierMaxLevel = .topSecret
        let officer = Self.subject(.important, department: design, roles: [.securityOffice])
        let text =
            ([Self.header] + [
                "绝密方案,,技术方案,纸介质,自制,绝密,30年,4,,ZTB,ZTB,E0501,,,",
                "机密方案,,技术方案,纸介质,自制,机密,20年,4,,ZTB,ZTB,E0501,,,",
            ]).joined(separator: "\r\n")
        // act
        let plan = try CarrierImport(catalogue: .nationalDefault, directory: directory, registrar: .account(officer))
            .plan(CSVTable.parse(text))
        // check
        #expect(plan.rows.map(\.row) == [3])
        #expect(plan.problems.map(\.row) == [2])
        #expect(plan.problems.first?.rule == RuleID("A2"))
        #expect(plan.problems.first?.column == "密级")
        #expect(plan.problems.first?.message.zh.contains("核心涉密人员") == true)
        // a barred officer (脱密期, A7) registers nothing at all
        var barred = officer
        barred.barred = AccessSubject.bar(status: .active, separationUntil: "2027-01-01", today: "2026-03-01")
        let none = try CarrierImport(catalogue: .nationalDefault, directory: directory, registrar: .account(barred))
            .plan(CSVTable.parse(text))
        #expect(none.rows.isEmpty)
        #expect(Set(none.problems.compactMap(\.rule)) == [RuleID("A7")])
    }

    @Test("T5.1 A2 a classifier whose own secret post is below the level cannot classify at it")
    func classifierClearance() throws {
        var directory = directory
        directory.people["E0503"]?.classifierMaxLevel = .secret  // authorised, but cleared 一般 (秘密 only)
        let text =
            ([Self.header] + [
                "机密方案,,技术方案,纸介质,自制,机密,20年,1,,ZTB,ZTB,E0503,,,",
                "秘密方案,,技术方案,纸介质,自制,秘密,10年,1,,ZTB,ZTB,E0503,,,",
            ]).joined(separator: "\r\n")
        let plan = try CarrierImport(catalogue: .nationalDefault, directory: directory).plan(CSVTable.parse(text))
        #expect(plan.rows.map(\.row) == [3])
        #expect(plan.problems.map(\.column) == ["定密责任人工号"])
        #expect(plan.problems.first?.message.zh.contains("定密权限不能高于其涉密等级") == true)
    }

    @Test("C1.1 a made row without a period is refused; a received one left unmarked takes the maximum, as such")
    func unmarkedPeriod() throws {
        let plan = try plan([
            "自制无期限,,技术方案,纸介质,自制,机密,,1,,ZTB,ZTB,E0501,,,",
            "自制未标明,,技术方案,纸介质,自制,机密,30年（未标明）,1,,ZTB,ZTB,E0501,,,",
            "来文未标明,,技术方案,纸介质,收文,机密,未标明,1,,ZTB,ZTB,,,上级主管部门,",
            "来文空白,,技术方案,纸介质,收文,机密,,1,,ZTB,ZTB,,,上级主管部门,",
        ])
        #expect(plan.problems.map(\.row) == [2, 3])
        #expect(plan.problems.allSatisfy { $0.rule == RuleID("C1.1") && $0.column == "保密期限" })
        #expect(plan.rows.map(\.row) == [4, 5])
        #expect(plan.rows.allSatisfy { $0.draft.period == .unmarked })
        #expect(plan.rows.first?.draft.level.marking(for: .unmarked) == "机密★20年（未标明）")
    }

    @Test("C9 T5.1 a day that does not exist is refused naming the field and the value; 定密日期 not in the future")
    func impossibleDates() throws {
        let plan = try plan(
            [
                "方案一,,技术方案,纸介质,自制,机密,2026-02-30,1,,ZTB,ZTB,E0501,,,2026-01-05",
                "方案二,,技术方案,纸介质,自制,机密,2030-12-31,1,,ZTB,ZTB,E0501,,,2026/2/29",
                "方案三,,技术方案,纸介质,自制,机密,2030年12月31日,1,,ZTB,ZTB,E0501,,,2026-03-02",
                "方案四,,技术方案,纸介质,自制,机密,2030/6/31前,1,,ZTB,ZTB,E0501,,,2026年2月28日",
            ],
            header: "载体名称,文号,载体类别,载体形态,来源,密级,保密期限,份数,允许复制,责任部门编码,知悉范围部门编码,定密责任人工号,定密依据,原定密机关,定密日期")
        #expect(plan.problems.map(\.row) == [2, 3, 4, 5])
        #expect(plan.problems.map(\.column) == ["保密期限", "定密日期", "定密日期", "保密期限"])
        #expect(plan.problems[0].message.zh.contains("「保密期限」2026-02-30 不是存在的日期"))
        #expect(plan.problems[1].message.zh.contains("「定密日期」2026/2/29 不是存在的日期"))
        #expect(plan.problems[2].message.zh.contains("2026-03-02 晚于今天"))
        #expect(plan.problems[3].message.zh.contains("2030/6/31"))
        // a written-out or slashed day that exists reads as that day
        let good = try self.plan(
            ["方案五,,技术方案,纸介质,自制,机密,2030年12月31日,1,,ZTB,ZTB,E0501,,,2026/2/28"],
            header: "载体名称,文号,载体类别,载体形态,来源,密级,保密期限,份数,允许复制,责任部门编码,知悉范围部门编码,定密责任人工号,定密依据,原定密机关,定密日期")
        #expect(good.rows.first?.draft.period == .until("2030-12-31"))
        #expect(good.rows.first?.draft.classifiedOn == "2026-02-28")
    }

    @Test("C2 a 文号 repeated in the file or already registered is refused, or registered with the reason given")
    func duplicateDocumentNumbers() throws {
        let rows = [
            "方案,总体字〔2026〕1号,技术方案,纸介质,自制,机密,20年,1,,ZTB,ZTB,E0501,,,",
            "方案二,总体字〔2026〕1号,技术方案,纸介质,自制,机密,20年,1,,ZTB,ZTB,E0501,,,",
            "旧方案,总体字〔2025〕9号,技术方案,纸介质,自制,机密,20年,1,,ZTB,ZTB,E0501,,,",
        ]
        let refused = try plan(rows)
        #expect(refused.rows.map(\.row) == [2])
        #expect(refused.problems.map(\.row) == [3, 4])
        #expect(refused.problems.allSatisfy { $0.column == "文号" && $0.rule == RuleID("C2") })
        #expect(refused.problems[0].message.zh.contains("与第 2 行重复"))
        #expect(refused.problems[1].message.zh.contains("已登记"))
        let confirmed = try plan(rows, duplicateReason: "同一文件两次来文，分别登记")
        #expect(confirmed.problems.isEmpty)
        #expect(confirmed.rows.allSatisfy { $0.draft.duplicateDocumentNumberReason == "同一文件两次来文，分别登记" })
    }

    @Test("S4 unknown, repeated or missing essential columns refuse the whole file before any row")
    func badHeaders() throws {
        let unknown = #expect(throws: ImportFileError.self) {
            try plan(["x"], header: Self.header + ",经办人")
        }
        #expect(unknown?.message.zh.contains("经办人") == true)
        let repeated = #expect(throws: ImportFileError.self) { try plan(["x"], header: Self.header + ",level") }
        #expect(repeated?.message.zh.contains("重复") == true)
        let missing = #expect(throws: ImportFileError.self) {
            try plan(["x"], header: "载体名称,载体形态,内容类别,份数")
        }
        #expect(missing?.rule == RuleID("C1.1"))
        #expect(missing?.message.zh.contains("密级") == true)
        #expect(missing?.message.zh.contains("责任部门编码") == true)
        #expect(throws: ImportFileError.self) {
            try CarrierImport(catalogue: .nationalDefault, directory: directory).plan(CSVTable(records: []))
        }
    }

    @Test(
        "blank rows are skipped and row numbers stay the spreadsheet's (header = row 1); ledger-only columns are read past, 载体编号 kept (C1.2)"
    )
    func blankRowsAndLedgerColumns() throws {
        let plan = try plan(
            [
                "1,2026-001,方案,秘密,10年,1,ZTB,ZTB,E0501,光盘,数据,在库 1", ",,,,,,,,,,,",
                "3,2026-002,方案二,秘密,,1,ZTB,ZTB,E0501,光盘,数据,",
            ],
            header: "序号,载体编号,载体名称,密级,保密期限,份数,责任部门编码,知悉范围部门编码,定密责任人工号,载体类别,内容类别,状态")
        #expect(plan.blankRows == 1)
        #expect(plan.ignoredColumns == ["序号", "状态"])
        #expect(plan.rows.map(\.row) == [2])
        // A carrier moving in keeps the number on its label.
        #expect(plan.carriedOver[2]?.number == "2026-001")
        // An empty period on a state secret must be stated (C1.1): the row is the spreadsheet's row 4.
        #expect(plan.problems.map(\.row) == [4])
        #expect(plan.problems.first?.rule == RuleID("C1.1"))
        #expect(plan.rowCount == 2)
    }
}
