import Foundation
import Testing

@testable import BaomiDomain

@Suite("Labels and dominance (A1, A2)")
struct LabelDominanceTests {
    let catalogue = LevelCatalogue.nationalDefault

    func label(_ level: LevelID, compartments: Set<String> = [], groups: Set<String> = []) throws -> SecurityLabel {
        SecurityLabel(level: try #require(catalogue.definition(level)), compartments: compartments, groups: groups)
    }

    @Test("A2 no read-up: every level pair within a regime, exhaustively")
    func levelsWithinRegime() throws {
        for regime in Regime.allCases {
            let levels = catalogue.levels(of: regime)
            for held in levels {
                for item in levels {
                    let clearance = Clearance(ranks: [regime: held.rank])
                    #expect(
                        clearance.dominates(try label(item.id)) == (held.rank >= item.rank), "\(held.id) vs \(item.id)")
                }
            }
        }
    }

    @Test("A1 regimes are separate: no clearance in one regime reads another's items")
    func regimesAreSeparate() throws {
        for held in Regime.allCases {
            for item in catalogue.levels where item.regime != held {
                #expect(!Clearance(ranks: [held: 99]).dominates(try label(item.id)))
            }
        }
        #expect(!Clearance.none.dominates(try label(.internal)))
    }

    @Test(
        "A1 every compartment of the item must be held",
        arguments: [
            (Set<String>(), Set<String>(), true), (["P1"], [], false), (["P1"], ["P1"], true),
            (["P1", "P2"], ["P1"], false),
            (["P1", "P2"], ["P1", "P2", "P3"], true), ([], ["P9"], true),
        ] as [(Set<String>, Set<String>, Bool)])
    func compartments(itemCompartments: Set<String>, held: Set<String>, expected: Bool) throws {
        let clearance = Clearance(ranks: [.state: 3], compartments: held)
        #expect(clearance.dominates(try label(.confidential, compartments: itemCompartments)) == expected)
    }

    @Test(
        "A1 groups: none on the item means no restriction; otherwise one shared group is enough",
        arguments: [
            (Set<String>(), Set<String>(), true), (["D1"], [], false), (["D1"], ["D1"], true),
            (["D1", "D2"], ["D2"], true),
            (["D1"], ["D2"], false),
        ] as [(Set<String>, Set<String>, Bool)])
    func groups(itemGroups: Set<String>, held: Set<String>, expected: Bool) throws {
        let clearance = Clearance(ranks: [.state: 3], groups: held)
        #expect(clearance.dominates(try label(.secret, groups: itemGroups)) == expected)
    }

    @Test("A1 all three conditions must hold together")
    func allConditions() throws {
        let item = try label(.secret, compartments: ["P1"], groups: ["D1"])
        #expect(Clearance(ranks: [.state: 2], compartments: ["P1"], groups: ["D1"]).dominates(item))
        #expect(!Clearance(ranks: [.state: 1], compartments: ["P1"], groups: ["D1"]).dominates(item))
        #expect(!Clearance(ranks: [.state: 2], compartments: [], groups: ["D1"]).dominates(item))
        #expect(!Clearance(ranks: [.state: 2], compartments: ["P1"], groups: ["D2"]).dominates(item))
    }

    @Test("C9 T30 national defaults: 绝密 30, 机密 20, 秘密 10 years; markings; the catalogue validates")
    func nationalDefaults() throws {
        #expect(catalogue.definition(.topSecret)?.maximumYears == 30)
        #expect(catalogue.definition(.secret)?.maximumYears == 20)
        #expect(catalogue.definition(.confidential)?.maximumYears == 10)
        #expect(catalogue.definition(.secret)?.marking(for: .years(20)) == "机密★20年")
        // An unmarked period (only a received carrier may have one, C1.1) shows that the maximum was applied (C9).
        #expect(catalogue.definition(.topSecret)?.marking(for: .unmarked) == "绝密★30年（未标明）")
        #expect(catalogue.definition(.coreCommercial)?.marking(for: .longTerm) == "核心商密★长期")
        #expect(catalogue.definition(.internal)?.marking(for: .unmarked) == "内部")
        try catalogue.validate()
    }

    @Test("C3 C8 a catalogue may not allow ordinary post or fewer than two destruction supervisors")
    func catalogueFloor() throws {
        var weakened = catalogue
        weakened.levels[0].channels.append(.express)
        weakened.levels[1].destructionSupervisors = 1
        let error = #expect(throws: DomainError.self) { try weakened.validate() }
        guard case .invalid(let errors) = error else {
            Issue.record("expected field errors, got \(String(describing: error))")
            return
        }
        #expect(Set(errors.compactMap(\.rule?.rawValue)) == ["C3", "C8"])
    }

    @Test("C9 periods: years within the maximum for state secrets, 长期/公布前/date for commercial ones")
    func periods() throws {
        let topSecret = try #require(catalogue.definition(.topSecret))
        let core = try #require(catalogue.definition(.coreCommercial))
        #expect(SecrecyPeriod.years(30).check(for: topSecret).isAllowed)
        #expect(SecrecyPeriod.years(31).check(for: topSecret).refusal?.rule == RuleID("C9"))
        #expect(SecrecyPeriod.longTerm.check(for: topSecret).refusal?.rule == RuleID("C9"))
        #expect(SecrecyPeriod.condition("型号定型后").check(for: topSecret).isAllowed)
        #expect(SecrecyPeriod.until("2031-02-30").check(for: topSecret).refusal != nil)
        #expect(SecrecyPeriod.until("2031-02-28").check(for: topSecret).isAllowed)
        #expect(SecrecyPeriod.years(5).check(for: core).refusal?.rule == RuleID("C9"))
        #expect(SecrecyPeriod.untilPublished.check(for: core).isAllowed)
        #expect(SecrecyPeriod.parse("20年") == .years(20))
        #expect(SecrecyPeriod.parse("长期") == .longTerm)
        #expect(SecrecyPeriod.parse("") == .unmarked)
        #expect(SecrecyPeriod.parse("2030-01-01") == .until("2030-01-01"))
        #expect(SecrecyPeriod.parse("项目结题后") == .condition("项目结题后"))
        for period in [
            SecrecyPeriod.years(3), .until("2030-01-01"), .condition("x"), .longTerm, .untilPublished, .unmarked,
        ] {
            #expect(SecrecyPeriod.parse(period.text) == period)
        }
    }
}

@Suite("Receiving (C2)")
struct ReceivingTests {
    @Test("C2 a received count that differs from the dispatch note is flagged")
    func countMismatchFlagged() throws {
        var input = CarrierDraft.Input()
        input.title = "来文"
        input.category = "data"
        input.form = "paper"
        input.source = "received"
        input.level = "secret"
        input.period = "20"
        input.copyCount = 2
        input.declaredCount = 3
        input.departmentID = UUID().uuidString
        input.scopeDepartments = [UUID().uuidString]
        input.originatingAuthority = "某部科技司"
        let draft = try CarrierDraft.parse(input, catalogue: .nationalDefault)
        #expect(draft.notes.hasPrefix("清点不符：来文注明 3 份，实收 2 份。"))
        input.declaredCount = 2
        #expect(try CarrierDraft.parse(input, catalogue: .nationalDefault).notes.isEmpty)
        input.originatingAuthority = nil
        let error = #expect(throws: DomainError.self) { try CarrierDraft.parse(input, catalogue: .nationalDefault) }
        guard case .invalid(let errors) = error else {
            Issue.record("expected field errors, got \(String(describing: error))")
            return
        }
        #expect(errors.contains { $0.rule == RuleID("C2") })
    }
}
