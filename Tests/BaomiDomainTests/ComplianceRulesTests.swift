import BaomiDomain
import Foundation
import Testing

@Suite("Compliance checks as pure functions (REMIND)")
struct ComplianceRulesTests {
    let levels = LevelCatalogue.nationalDefault
    let department = UUID()
    let person = UUID()

    func copy(_ serial: Int = 1) -> ComplianceRecords.CopyRecord {
        ComplianceRecords.CopyRecord(id: UUID(), code: "2026-017/\(serial)", departmentID: department)
    }

    func evaluate(_ check: ComplianceCheck, _ fill: (inout ComplianceRecords) -> Void) -> [Finding] {
        var records = ComplianceRecords(today: "2026-11-29")
        fill(&records)
        return ComplianceRules.evaluate(check, records, levels: levels)
    }

    @Test("L1.9 a borrowing is flagged three days before it is due and overdue after, naming borrower and department")
    func loans() {
        let findings = evaluate(.loanDue) { records in
            records.openLoans = [
                .init(id: UUID(), copy: copy(1), borrowerID: person, borrowerName: "赵工", due: "2026-12-10"),
                .init(id: UUID(), copy: copy(2), borrowerID: person, borrowerName: "赵工", due: "2026-12-02"),
                .init(id: UUID(), copy: copy(3), borrowerID: person, borrowerName: "赵工", due: "2026-11-28"),
            ]
        }
        #expect(findings.map(\.severity) == [.warning, .overdue])
        #expect(findings.allSatisfy { $0.rule == RuleID("L1.9") && $0.responsiblePerson == person })
        #expect(findings.allSatisfy { $0.responsibleDepartment == department })
        #expect(findings[1].explanation.zh.contains("已逾期"))
    }

    @Test("C9 a period ending within 90 days warns, an ended one is overdue; conditions and 长期 have no end")
    func periods() {
        func carrier(
            _ period: SecrecyPeriod, _ classifiedOn: String, _ level: LevelID = .secret
        )
            -> ComplianceRecords.ClassifiedCarrier
        {
            .init(
                id: UUID(), number: "2026-017", title: "方案", level: level, period: period, classifiedOn: classifiedOn,
                departmentID: department)
        }
        let findings = evaluate(.periodEnding) { records in
            records.classifiedCarriers = [
                carrier(.years(10), "2017-01-15"),  // ends 2027-01-15: within 90 days
                carrier(.years(10), "2016-06-01"),  // ended 2026-06-01
                carrier(.years(10), "2020-01-01"),  // 2030: nothing
                carrier(.until("2026-12-31"), "2020-01-01"),
                carrier(.condition("项目验收后"), "2000-01-01"),
                carrier(.unmarked, "1996-10-01", .topSecret),  // 30 years: 2026-10-01
            ]
        }
        #expect(findings.map(\.severity) == [.warning, .overdue, .warning, .overdue])
        #expect(findings.map(\.due) == ["2027-01-15", "2026-06-01", "2026-12-31", "2026-10-01"])
        #expect(ComplianceRules.adding(years: 1, to: "2024-02-29") == "2025-02-28")
    }

    @Test("C6 departments and places with copies need an inventory a year; never inventoried is overdue")
    func inventories() {
        let findings = evaluate(.inventoryDue) { records in
            records.keepers = [
                .init(kind: .department, id: UUID(), name: "技术部", departmentID: department, lastInventory: nil),
                .init(kind: .place, id: UUID(), name: "一号保险柜", departmentID: department, lastInventory: "2025-12-20"),
                .init(kind: .place, id: UUID(), name: "二号保险柜", departmentID: department, lastInventory: "2026-03-01"),
            ]
        }
        #expect(findings.map(\.severity) == [.overdue, .warning])
        #expect(findings[1].due == "2026-12-20")
    }

    @Test("T22 A4 copies held by leavers and leavers still in a secret post; active people are not flagged")
    func leavers() {
        func holder(_ status: PersonStatus, _ postClass: SecretPostClass = .important) -> ComplianceRecords.PersonRecord
        {
            .init(id: UUID(), name: "钱工", departmentID: department, status: status, postClass: postClass)
        }
        let held = evaluate(.heldByLeaver) { records in
            records.heldByInactive = [
                .init(copy: copy(1), holder: holder(.leaving)), .init(copy: copy(2), holder: holder(.departed)),
                .init(copy: copy(3), holder: holder(.active)),
            ]
        }
        #expect(held.map(\.severity) == [.warning, .overdue])
        #expect(held.allSatisfy { $0.rule == RuleID("T22") })
        let cleared = evaluate(.clearedLeaver) { records in
            records.clearedInactive = [holder(.departed), holder(.leaving, .nonSecret), holder(.active)]
        }
        #expect(cleared.count == 1)
        #expect(cleared[0].rule == RuleID("A4"))
        #expect(cleared[0].explanation.zh.contains("重要涉密人员"))
    }

    @Test("T4 C10 C8 C9 officers, retention, destruction and re-marking follow-ups")
    func followUps() {
        #expect(
            evaluate(.departmentWithoutOfficer) { records in
                records.departments = [
                    .init(id: department, name: "技术部", secrecyOfficers: 0),
                    .init(id: UUID(), name: "试验部", secrecyOfficers: 1),
                ]
            }.map(\.subject.label) == ["技术部"])
        let retention = evaluate(.retentionExpired) { records in
            records.retentions = [
                .init(
                    requestNumber: "LC-1", copy: copy(1), retainerID: person, retainerName: "赵工", until: "2026-11-01"),
                .init(
                    requestNumber: "LC-2", copy: copy(2), retainerID: person, retainerName: "赵工", until: "2027-06-01"),
            ]
        }
        #expect(retention.map(\.severity) == [.overdue])
        let destruction = evaluate(.destructionPending) { records in
            records.approvedDestructions = [
                .init(id: UUID(), number: "XH-1", approvedOn: "2026-09-01", copies: 4),
                .init(id: UUID(), number: "XH-2", approvedOn: "2026-11-20", copies: 1),
            ]
        }
        #expect(destruction.map(\.severity) == [.overdue, .notice])
        let remark = evaluate(.remarkPending) { records in
            records.openRemarkTasks = [
                .init(
                    id: UUID(), personID: person, carrierNumber: "2026-017", copyCode: "2026-017/2",
                    departmentID: department, createdOn: "2026-11-25")
            ]
        }
        #expect(remark.map(\.severity) == [.notice])
        #expect(remark[0].responsiblePerson == person)
    }

    @Test("C6 a copy above its place's rating is flagged; a state-rated safe may keep commercial secrets")
    func placeLevels() {
        func placed(_ level: LevelID, in place: LevelID) -> ComplianceRecords.PlacedCopy {
            .init(
                copy: copy(), level: level, placeName: "文件柜", placeLevel: place, placeDepartmentID: department,
                custodianID: person)
        }
        let findings = evaluate(.placeBelowLevel) { records in
            records.placedAboveLimit = [
                placed(.topSecret, in: .secret), placed(.confidential, in: .secret),
                placed(LevelID(rawValue: "coreCommercial"), in: .secret),
                placed(.secret, in: LevelID(rawValue: "coreCommercial")),
            ]
        }
        #expect(findings.count == 2)
        let pairs = ComplianceRules.levelsExceeding(levels)
        #expect(pairs.first { $0.placeLevel == .topSecret } == nil)
        #expect(pairs.first { $0.placeLevel == .secret }?.copyLevels == [.topSecret])
    }
}
