import Foundation
import Testing

@testable import BaomiDomain

/// The one date reader and the one registration check every way in asks (C1.1, C2, C9, A2, T5.1, T5.2).
@Suite("Registration rules and dates (C1.1, C2, C9, A2, T5.1, T5.2)")
struct RegistrationRulesTests {
    let catalogue = LevelCatalogue.nationalDefault
    let postClasses = PostClassCatalogue.nationalDefault
    let department = UUID()
    let classifierID = UUID()

    func subject(_ postClass: SecretPostClass, roles: Set<Role> = [], department: UUID? = nil) -> AccessSubject {
        AccessSubject(
            personID: UUID(), departmentID: department ?? self.department, roles: roles, postClass: postClass,
            clearance: postClasses.clearance(postClass, levels: catalogue))
    }

    func input(level: String = "topSecret", period: String? = "30", source: String = "made") -> CarrierDraft.Input {
        var input = CarrierDraft.Input()
        input.title = "总体方案"
        input.documentNumber = "总体字〔2026〕1号"
        input.category = "technicalSolution"
        input.form = "paper"
        input.source = source
        input.level = level
        input.period = period
        input.copyCount = 2
        input.departmentID = department.uuidString
        input.scopeDepartments = [department.uuidString]
        if source == "made" { input.classifierID = classifierID.uuidString } else { input.originatingAuthority = "上级" }
        return input
    }

    func facts(
        registrar: CarrierRegistration.Registrar, classifier: SecretPostClass = .core,
        authority: LevelID? = .topSecret, sameNumber: Int = 0
    ) -> CarrierRegistration.Facts {
        CarrierRegistration.Facts(
            registrar: registrar,
            classifier: CarrierRegistration.Classifier(
                name: "王主任", authority: authority, subject: subject(classifier)),
            carriersWithDocumentNumber: sameNumber, today: "2026-03-01")
    }

    @Test("a day that does not exist is refused naming the field and the value; real days read in every spelling")
    func calendarDays() {
        let label = LocalizedText(zh: "归还日期", en: "Return date")
        guard case .failure(let error) = CalendarDay.parse("2026-02-30", field: "returnDate", label: label) else {
            Issue.record("2026-02-30 was read as a day")
            return
        }
        #expect(error.field == "returnDate")
        #expect(error.message.zh == "「归还日期」2026-02-30 不是存在的日期")
        #expect(error.message.en == "Return date: 2026-02-30 is not a day of the calendar")
        guard case .failure(let malformed) = CalendarDay.parse("next week", field: "returnDate", label: label) else {
            Issue.record("a word was read as a day")
            return
        }
        #expect(malformed.message.zh.contains("「next week」"))
        #expect(
            CalendarDay("2024-02-29") != nil && CalendarDay("2100-02-29") == nil && CalendarDay("2000-02-29") != nil)
        #expect(CalendarDay("2026-4-31", lenient: true) == nil)
        #expect(CalendarDay("2026/3/1", lenient: true)?.description == "2026-03-01")
        #expect(CalendarDay("2026年3月1日", lenient: true)?.description == "2026-03-01")
        #expect(CalendarDay("2026/3/1") == nil)  // strict: the API's and the forms' YYYY-MM-DD
        // every RFC 3339 full-date the OpenAPI `format: date` allows (S4), none before year 1
        #expect(CalendarDay("0297-01-04")?.description == "0297-01-04" && CalendarDay("0000-01-01") == nil)
        #expect(CalendarDay("2026-12-31")?.adding(days: 1).description == "2027-01-01")
        #expect(CalendarDay("2024-03-01")?.adding(days: -1).description == "2024-02-29")
        #expect(SecrecyPeriod.day("2026-01-31", plus: 30) == "2026-03-02")
    }

    @Test("L1.9 A7 a return date or the end of a 脱密期 that is no day is refused naming the field and the value")
    func otherDates() throws {
        let level = try #require(catalogue.definition(.secret))
        let borrow = BorrowingRules.checkBorrow(
            level: level, place: level, placeName: "阅览室", due: "2026-02-30", today: "2026-02-01")
        #expect(borrow.map(\.message.zh) == ["「归还日期」2026-02-30 不是存在的日期"])
        let error = #expect(throws: DomainError.self) {
            try ClearanceDraft.parse(.init(postClass: "core", separationUntil: "2027-02-29", reason: "离岗"))
        }
        let errors = try #require(Self.fieldErrors(error), "expected a field-by-field refusal")
        #expect(errors.map(\.message.zh) == ["「脱密期截止日期」2027-02-29 不是存在的日期"])
        let year = #expect(throws: DomainError.self) { try ReportYear.parse("2O26", currentYear: 2026) }
        let yearErrors = try #require(Self.fieldErrors(year), "expected a field-by-field refusal")
        #expect(yearErrors.first?.message.zh.contains("「2O26」") == true)
    }

    @Test("C9 a period of 2026-02-30 is refused naming it, never kept as a condition")
    func impossiblePeriod() throws {
        #expect(SecrecyPeriod.parse("2030/12/31") == .until("2030-12-31"))
        let level = try #require(catalogue.definition(.secret))
        let refusal = try #require(SecrecyPeriod.parse("2026-02-30").check(for: level).refusal)
        #expect(refusal.rule == RuleID("C9"))
        #expect(refusal.reason.zh == "「保密期限」2026-02-30 不是存在的日期")
        #expect(SecrecyPeriod.parse("项目验收后").check(for: level).isAllowed)
        let error = #expect(throws: DomainError.self) {
            try CarrierDraft.parse(input(level: "secret", period: "2026-02-30"), catalogue: catalogue)
        }
        let errors = try #require(Self.fieldErrors(error), "expected a field-by-field refusal")
        #expect(errors.map(\.field) == ["period"])
    }

    @Test("C1.1 a carrier made here needs its period; only a received one may be left unmarked, shown as such")
    func periodMarking() throws {
        for period in [nil, "", "unmarked", "未标明"] {
            let error = #expect(throws: DomainError.self) {
                try CarrierDraft.parse(input(period: period), catalogue: catalogue)
            }
            guard case .invalid(let errors) = error else { continue }
            #expect(errors.map(\.field) == ["period"])
            #expect(errors.first?.rule == RuleID("C1.1"))
        }
        let received = try CarrierDraft.parse(input(period: nil, source: "received"), catalogue: catalogue)
        #expect(received.period == .unmarked)
        #expect(received.level.marking(for: received.period) == "绝密★30年（未标明）")
    }

    @Test(
        "A2 T5.2 the registrar must be cleared for the level and steward the department; the system registrar is not a person"
    )
    func registrar() throws {
        let draft = try CarrierDraft.parse(input(), catalogue: catalogue)
        let important = subject(.important, roles: [.securityOffice])
        let refused = CarrierRegistration.check(
            draft, facts(registrar: .account(important)), postClasses: postClasses, levels: catalogue)
        #expect(refused.map(\.field) == ["level"])
        #expect(refused.first?.rule == RuleID("A2"))
        let otherDepartment = subject(.core, roles: [.secrecyOfficer], department: UUID())
        let outside = CarrierRegistration.check(
            draft, facts(registrar: .account(otherDepartment)), postClasses: postClasses, levels: catalogue)
        #expect(outside.map(\.rule) == [RuleID("T5.2")])
        #expect(
            CarrierRegistration.check(
                draft, facts(registrar: .account(subject(.core, roles: [.securityOffice]))), postClasses: postClasses,
                levels: catalogue
            ).isEmpty)
        #expect(
            CarrierRegistration.check(draft, facts(registrar: .system), postClasses: postClasses, levels: catalogue)
                .isEmpty)
        // the holder of the new copies, when it is not the registrar, is checked as well (A2)
        var withHolder = facts(registrar: .system)
        withHolder.holder = subject(.general)
        #expect(
            CarrierRegistration.check(draft, withHolder, postClasses: postClasses, levels: catalogue).map(\.rule)
                == [RuleID("A2")])
    }

    @Test("T5.1 the classifier must be authorised for the level and cleared for it; the day not in the future")
    func classifier() throws {
        let draft = try CarrierDraft.parse(input(), catalogue: catalogue)
        let notAuthorised = CarrierRegistration.check(
            draft, facts(registrar: .system, authority: .secret), postClasses: postClasses, levels: catalogue)
        #expect(notAuthorised.map(\.field) == ["classifierID"])
        let notCleared = CarrierRegistration.check(
            draft, facts(registrar: .system, classifier: .important), postClasses: postClasses, levels: catalogue)
        #expect(notCleared.map(\.field) == ["classifierID"])
        #expect(notCleared.first?.message.zh.contains("定密权限不能高于其涉密等级") == true)
        var future = input()
        future.classifiedOn = "2026-03-02"
        let errors = CarrierRegistration.check(
            try CarrierDraft.parse(future, catalogue: catalogue), facts(registrar: .system), postClasses: postClasses,
            levels: catalogue)
        #expect(errors.map(\.field) == ["classifiedOn"])
        #expect(errors.first?.message.zh.contains("2026-03-02") == true)
        // granting authority above one's own post is refused the same way (T5.1 with A2)
        let level = try #require(catalogue.definition(.topSecret))
        #expect(
            ClassificationAuthority.checkClearance(
                of: subject(.important), name: "王主任", level: level, postClasses: postClasses, levels: catalogue
            ).refusal?.reason.zh.contains("核心涉密人员") == true)
    }

    @Test("C2 a 文号 already registered is refused unless confirmed with a reason")
    func duplicateDocumentNumber() throws {
        let draft = try CarrierDraft.parse(input(), catalogue: catalogue)
        let errors = CarrierRegistration.check(
            draft, facts(registrar: .system, sameNumber: 1), postClasses: postClasses, levels: catalogue)
        #expect(errors.map(\.field) == ["documentNumber"])
        #expect(errors.first?.message.zh.contains("总体字〔2026〕1号") == true)
        var confirmed = input()
        confirmed.duplicateDocumentNumberReason = "同一文件再次收到"
        #expect(
            CarrierRegistration.check(
                try CarrierDraft.parse(confirmed, catalogue: catalogue), facts(registrar: .system, sameNumber: 1),
                postClasses: postClasses, levels: catalogue
            ).isEmpty)
        // a confirmation without a reason is no confirmation: it asks for the reason
        confirmed.duplicateDocumentNumberReason = "  "
        let error = #expect(throws: DomainError.self) { try CarrierDraft.parse(confirmed, catalogue: catalogue) }
        let blank = try #require(Self.fieldErrors(error), "expected a field-by-field refusal")
        #expect(blank.map(\.field) == ["duplicateDocumentNumberReason"])
        #expect(blank.first?.rule == RuleID("C2"))
    }

    @Test("T6 an unknown category, form or source lists the accepted values")
    func unknownValues() throws {
        var bad = input()
        bad.category = "口诀"
        bad.form = "软盘"
        bad.source = "抄来"
        let error = #expect(throws: DomainError.self) { try CarrierDraft.parse(bad, catalogue: catalogue) }
        let errors = try #require(Self.fieldErrors(error), "expected a field-by-field refusal")
        let messages = Dictionary(uniqueKeysWithValues: errors.map { ($0.field, $0.message.zh) })
        #expect(messages["category"]?.contains("技术方案 (technicalSolution)") == true)
        #expect(messages["form"]?.contains("纸介质 (paper)") == true)
        #expect(messages["source"]?.contains("自制 (made)、收文 (received)") == true)
    }

    /// The field errors of an `.invalid` refusal, nil for any other outcome (so `#require` fails the test).
    static func fieldErrors(_ error: DomainError?) -> [FieldError]? {
        if case .invalid(let errors)? = error { return errors }
        return nil
    }
}
