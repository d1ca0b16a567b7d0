import Foundation
import Testing

@testable import BaomiDomain

/// The guards of the copy lifecycle that need more than the state machine (issue #13): storage by kind (C6),
/// bearers from the register (C3, C4), outside receivers' qualifications (C3), structured destinations (L1.7), and
/// end dates capped at the level's maximum (C9).
@Suite("Lifecycle rules (C3, C4, C6, C9, L1.7)")
struct LifecycleRulesTests {
    let catalogue = LevelCatalogue.nationalDefault
    let postClasses = PostClassCatalogue.nationalDefault

    func level(_ id: LevelID) throws -> LevelDefinition { try #require(catalogue.definition(id)) }

    func bearer(_ name: String, _ postClass: SecretPostClass, barred: Refusal? = nil) -> Bearer {
        Bearer(
            personID: UUID(), name: name,
            subject: AccessSubject(
                personID: nil, departmentID: nil, roles: [], postClass: postClass,
                clearance: postClasses.clearance(postClass, levels: catalogue), barred: barred))
    }

    @Test("C6 each kind of place keeps up to the level its kind allows, from the configured levels; offices nothing")
    func highestStorable() throws {
        // check: the national defaults
        #expect(catalogue.highestStorable(in: .vault)?.id == .topSecret)
        #expect(catalogue.highestStorable(in: .safe)?.id == .topSecret)
        #expect(catalogue.highestStorable(in: .fileCabinet)?.id == .secret)
        #expect(catalogue.highestStorable(in: .office) == nil)
        #expect(catalogue.highestStorable(in: .readingRoom) == nil)
        // An organisation that keeps 机密 in safes only: a file cabinet then keeps up to 秘密.
        var strict = catalogue
        if let index = strict.levels.firstIndex(where: { $0.id == .secret }) {
            strict.levels[index].minimumStorage = .safe
        }
        #expect(strict.highestStorable(in: .fileCabinet)?.id == .confidential)
    }

    @Test("C6 an office cleared for 绝密 is a place of use: it never stores a copy, of any level")
    func officeNeverStores() throws {
        for copyLevel in [LevelID.topSecret, .confidential, .internal] {
            let decision = CarrierRules.checkPlace(
                copyLevel: try level(copyLevel), placeLevel: try level(.topSecret), placeKind: .office,
                placeName: "所长办公室")
            #expect(decision.refusal?.rule == RuleID("C6"), "\(copyLevel)")
            #expect(decision.refusal?.reason.zh.contains("不能存放载体") == true)
        }
        #expect(
            CarrierRules.checkPlace(
                copyLevel: try level(.topSecret), placeLevel: try level(.topSecret), placeKind: .safe,
                placeName: "保险柜"
            ).isAllowed)
        // A level whose minimum storage is an office is refused: an office keeps nothing.
        var odd = catalogue
        odd.levels[0].minimumStorage = .office
        #expect(throws: DomainError.self) { try odd.validate() }
    }

    @Test("C3 C4 bearers come from the register: cleared for the level, not barred, two different people for 绝密")
    func bearers() throws {
        let topSecret = try level(.topSecret)
        let role = LocalizedText(zh: "递送人", en: "Escort")
        func check(_ bearers: [Bearer], minimum: Int) -> [FieldError] {
            BearerRules.check(
                bearers, level: topSecret, minimum: minimum, field: "escortIDs", rule: RuleID("C3"), role: role,
                postClasses: postClasses, levels: catalogue)
        }
        let core1 = bearer("张三", .core)
        let core2 = bearer("李四", .core)
        #expect(check([core1, core2], minimum: 2).isEmpty)
        // The same person twice is one person.
        #expect(check([core1, core1], minimum: 2).map(\.rule) == [RuleID("C3")])
        // An 重要 post does not cover 绝密; the refusal names the person and the post it would need.
        let important = check([core1, bearer("王五", .important)], minimum: 2)
        #expect(important.map(\.rule) == [RuleID("C3")])
        #expect(important.first?.message.zh.contains("王五") == true)
        #expect(important.first?.message.zh.contains("核心涉密人员") == true)
        // Someone in 脱密期 carries nothing.
        let barred = Refusal(rule: RuleID("A7"), zh: "脱密期内", en: "separation")
        #expect(check([core1, bearer("赵六", .core, barred: barred)], minimum: 2).map(\.rule) == [RuleID("A7")])
        #expect(check([], minimum: 1).count == 1)
    }

    @Test("C3 the channel decides how many escorts: two for 绝密, one for a designated person, none by 机要通信")
    func escortsNeeded() throws {
        #expect(CarrierRules.escortsNeeded(level: try level(.topSecret), channel: .confidentialCourier) == 2)
        #expect(CarrierRules.escortsNeeded(level: try level(.secret), channel: .designatedPerson) == 1)
        #expect(CarrierRules.escortsNeeded(level: try level(.secret), channel: .internalHandOver) == 1)
        #expect(CarrierRules.escortsNeeded(level: try level(.secret), channel: .confidentialPost) == 0)
    }

    @Test("C3 an outside receiver's qualification is recorded and covers the level")
    func receiverQualification() throws {
        let secret = try level(.secret)
        #expect(
            ReceiverQualification.check(nil, certificate: "", level: secret, levels: catalogue).map(\.field) == [
                "receiverQualification"
            ])
        let low = ReceiverQualification.check(.gradeThree, certificate: "保资三〔2025〕1号", level: secret, levels: catalogue)
        #expect(low.map(\.rule) == [RuleID("C3")])
        #expect(low.first?.message.zh.contains("三级保密资格单位最高只能接收秘密级载体") == true)
        #expect(
            ReceiverQualification.check(.gradeTwo, certificate: "", level: secret, levels: catalogue).map(\.field) == [
                "receiverCertificate"
            ])
        #expect(
            ReceiverQualification.check(.gradeTwo, certificate: "保资二〔2025〕9号", level: secret, levels: catalogue)
                .isEmpty)
        // A confidentiality agreement covers commercial secrets, not state secrets.
        #expect(
            ReceiverQualification.check(
                .confidentialityAgreement, certificate: "合协〔2026〕2号", level: try level(.coreCommercial),
                levels: catalogue
            ).isEmpty)
        #expect(
            !ReceiverQualification.check(
                .confidentialityAgreement, certificate: "合协〔2026〕2号", level: try level(.confidential),
                levels: catalogue
            ).isEmpty)
    }

    @Test("L1.7 abroad follows from the destination: a country, or a place that begins by naming one")
    func destinations() {
        func rules(_ destination: Destination) -> [String] { destination.check().compactMap(\.rule?.rawValue) }
        #expect(rules(Destination(country: "CN", province: "110000", place: "某部科技委会议室")).isEmpty)
        #expect(rules(Destination(country: "US", province: nil, place: "华盛顿")) == ["L1.7"])
        #expect(rules(Destination(country: "HK", province: nil, place: "会展中心")) == ["L1.7"])
        // "美国华盛顿" with no tick passed before: it is abroad whatever the province says.
        #expect(rules(Destination(country: "CN", province: "110000", place: "美国华盛顿")) == ["L1.7"])
        #expect(rules(Destination(country: "CN", province: "310000", place: "赴日本东京参展")) == ["L1.7"])
        // A hotel whose name holds 美国 is still in 北京.
        #expect(rules(Destination(country: "CN", province: "110000", place: "华美国际酒店")).isEmpty)
        #expect(rules(Destination(country: "CN", province: nil, place: "会议室")) == ["C4"])
        #expect(rules(Destination(country: "ZZ", province: nil, place: "某地")) == ["C4"])
        #expect(Destination(country: "CN", province: "110000", place: "某部").text.zh == "北京市 某部")
    }

    @Test("C9 an end date is capped at the level's maximum from the day it was classified")
    func endDateCapped() throws {
        let secret = try level(.secret)
        #expect(SecrecyPeriod.until("2046-01-15").check(for: secret, classifiedOn: "2026-01-15").isAllowed)
        let late = SecrecyPeriod.until("2046-01-16").check(for: secret, classifiedOn: "2026-01-15")
        #expect(late.refusal?.rule == RuleID("C9"))
        #expect(late.refusal?.reason.zh.contains("2046-01-15") == true)
        // Commercial secrets have no year limit.
        #expect(
            SecrecyPeriod.until("2099-12-31").check(for: try level(.coreCommercial), classifiedOn: "2026-01-15")
                .isAllowed)
    }
}
