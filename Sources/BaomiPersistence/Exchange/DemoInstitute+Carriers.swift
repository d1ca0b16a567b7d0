import BaomiDomain
import FluentKit
import Foundation

extension DemoInstitute.Builder {
    /// How many carriers of each level the institute holds: mostly 机密 and 秘密, as in a real register.
    static let levelQuota: [(LevelID, Int)] = [
        (.topSecret, 6), (.secret, 16), (.confidential, 16), (.coreCommercial, 8), (.ordinaryCommercial, 6),
        (.internal, 8),
    ]

    /// What happens to a copy after registration: the life it is shown in. The list is worked through in order, so
    /// every seed shows every state the direct steps reach (C0: place, move, send, receipt, repair, loss).
    enum CopyStory: CaseIterable {
        case justRegistered
        case archived
        case sentInside
        case dispatchedOutside
        case inTransit
        case repairOnSite
        case repairedOffSite
        case lost
        case stored

        /// How many copies tell each story; the rest are simply stored.
        var quota: Int {
            switch self {
            case .justRegistered: 4
            case .archived: 6
            case .sentInside: 5
            case .dispatchedOutside: 4
            case .inTransit: 3
            case .repairOnSite: 2
            case .repairedOffSite: 2
            case .lost: 2
            case .stored: 0
            }
        }

        var needsStorageMedium: Bool { self == .repairOnSite || self == .repairedOffSite }
    }

    /// A registered copy and what its story needs to know.
    struct MadeCopy {
        var id: UUID
        var level: LevelDefinition
        var form: CarrierForm
        var department: String
    }

    // MARK: Carriers (C1, C2, T5.1)

    mutating func carriers() async throws {
        let register = CarrierRepository(store: store)
        var levels: [LevelID] = []
        for (level, count) in Self.levelQuota { levels += Array(repeating: level, count: count) }
        levels = random.shuffle(levels)
        let categories = random.shuffle(CarrierCategory.allCases)
        var usedTitles: Set<String> = []
        var usedNumbers: Set<String> = []
        var made: [MadeCopy] = []
        for (index, levelID) in levels.enumerated() {
            guard let level = catalogue.definition(levelID) else { continue }
            // Every fifth carrier came from outside (收文, C2); work secrets are all the institute's own.
            let received = index % 5 == 4 && level.regime != .work
            var (input, department) =
                received
                ? receivedInput(level, index: index)
                : madeInput(level, index: index, category: categories[index % categories.count])
            input.title = input.title.map { unique($0, among: &usedTitles) }
            input.documentNumber = input.documentNumber.map { unique(documentNumber: $0, among: &usedNumbers) }
            input.departmentID = departmentIDs[department]?.uuidString
            input.level = levelID.rawValue
            input.period = period(for: level)
            let isSingle = input.form == CarrierForm.device.rawValue || input.form == CarrierForm.sample.rawValue
            input.copyCount = isSingle ? 1 : 1 + random.below(copyLimit(levelID))
            if input.form == CarrierForm.device.rawValue { input.notes = "已粘贴密级标识，专机专用" }
            let draft = try CarrierDraft.parse(input, catalogue: catalogue)
            let (actor, person) = steward(of: department)
            let carrier = try await register.register(draft, registrarPersonID: person, by: actor, on: database)
            summary.carriers += 1
            if received { summary.receivedCarriers += 1 }
            summary.carriersByLevel[levelID, default: 0] += 1
            for copy in try await register.copies(of: try carrier.requireID(), on: database) {
                made.append(MadeCopy(id: try copy.requireID(), level: level, form: draft.form, department: department))
            }
        }
        summary.copies = made.count
        try await tellStories(of: random.shuffle(made))
    }

    /// The copies by state, once the institute's day is done.
    mutating func countCopies() async throws {
        summary.copiesByState = [:]
        for copy in try await CopyModel.query(on: database).all() {
            if let state = CopyState(rawValue: copy.state) { summary.copiesByState[state, default: 0] += 1 }
        }
    }

    /// A document from a higher authority or a partner, registered by the confidential-documents office (机要室)
    /// — or, for a partner's commercial secret, by the technology department — for one more department to read.
    private mutating func receivedInput(_ level: LevelDefinition, index: Int) -> (CarrierDraft.Input, String) {
        let documents = DemoInstitute.receivedDocuments.filter {
            ($0.regime == .commercial) == (level.regime == .commercial)
        }
        let document = documents[index / 5 % documents.count]
        let department = level.regime == .commercial ? "KJB" : "ZHB"
        var input = CarrierDraft.Input()
        input.source = CarrierSource.received.rawValue
        input.title = document.title
        input.documentNumber = "\(document.prefix)\(10 + random.below(90))号"
        input.originatingAuthority = document.authority
        input.category = CarrierCategory.technicalSolution.rawValue
        input.form = CarrierForm.paper.rawValue
        let reader = random.pick(["ZTB", "YJ1", "KJB", "SYZX"])
        input.scopeDepartments = [department, reader].compactMap { departmentIDs[$0]?.uuidString }
        return (input, department)
    }

    /// A carrier made here (C1), classified by an official authorised for its level (T5.1).
    private mutating func madeInput(
        _ level: LevelDefinition, index: Int, category: CarrierCategory
    ) -> (CarrierDraft.Input, String) {
        let department = madeIn(level)
        let form = formFor(category)
        let project = projectFor(level, department: department)
        var input = CarrierDraft.Input()
        input.source = CarrierSource.made.rawValue
        input.category = category.rawValue
        input.form = form.rawValue
        input.projectID = project.flatMap { projectIDs[$0.code]?.uuidString }
        input.title = title(category, form: form, subject: project?.name ?? departmentNames[department] ?? "")
        let prefix = DemoInstitute.departments.first { $0.code == department }?.documentPrefix ?? "所"
        input.documentNumber = "\(prefix)字〔2026〕\(index + 1)号"
        input.classifierID = classifier(for: level, department: department)?.uuidString
        input.classificationBasis = "本所国家秘密及其密级具体范围第\(1 + random.below(12))条"
        input.classifiedOn = String(format: "2025-%02d-%02d", 1 + random.below(12), 1 + random.below(28))
        input.copyingAllowed = level.regime == .state && level.id != .topSecret && random.chance(30)
        scope(&input, department: department, project: project)
        return (input, department)
    }

    /// A 文号 not used before (C2: the register takes a document once): a repeated draw takes the next number,
    /// 国科发〔2026〕45号 then 国科发〔2026〕46号.
    private func unique(documentNumber: String, among used: inout Set<String>) -> String {
        var candidate = documentNumber
        let stem = documentNumber.hasSuffix("号") ? String(documentNumber.dropLast()) : documentNumber
        let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
        var number = Int(String(digits.reversed())) ?? 0
        while used.contains(candidate) {
            number += 1
            candidate = stem.dropLast(digits.count) + String(number) + "号"
        }
        used.insert(candidate)
        return candidate
    }

    /// A title not used before: a second 总体技术方案 of the same project becomes its 第2版.
    private func unique(_ title: String, among used: inout Set<String>) -> String {
        var candidate = title
        var edition = 2
        while used.contains(candidate) {
            candidate = title + "（第\(edition)版）"
            edition += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Where a carrier of this level is made: state secrets in the research departments, commercial ones where the
    /// joint venture work is, internal papers in the offices.
    private mutating func madeIn(_ level: LevelDefinition) -> String {
        switch level.regime {
        case .state: random.pick(level.id == .topSecret ? ["ZTB", "YJ1", "LD"] : ["ZTB", "YJ1", "YJ2", "SYZX", "KJB"])
        case .commercial: random.pick(["KJB", "YJ2", "DAZX"])
        case .work: random.pick(["ZHB", "DAZX", "KJB"])
        }
    }

    private mutating func formFor(_ category: CarrierCategory) -> CarrierForm {
        switch category {
        case .sample: .sample
        case .data: random.pick([.hardDisk, .opticalDisc, .usbDrive])
        case .program: random.pick([.opticalDisc, .usbDrive])
        case .testRecord: random.pick([.paper, .paper, .hardDisk])
        case .other: random.pick([.paper, .audioVideo, .device])
        default: .paper
        }
    }

    /// A project of the department in the same regime and at least the carrier's level, more often than not.
    private mutating func projectFor(_ level: LevelDefinition, department: String) -> DemoInstitute.ProjectPlan? {
        let candidates = DemoInstitute.projects.filter { project in
            guard let projectLevel = catalogue.definition(project.level) else { return false }
            return project.departments.contains(department) && projectLevel.regime == level.regime
                && projectLevel.rank >= level.rank
        }
        guard !candidates.isEmpty, random.chance(70) else { return nil }
        return random.pick(candidates)
    }

    private mutating func title(_ category: CarrierCategory, form: CarrierForm, subject: String) -> String {
        switch form {
        case .device: return "\(subject)涉密便携式计算机"
        case .audioVideo: return "\(subject)评审会议录音录像"
        default:
            let pattern = random.pick(DemoInstitute.titles[category] ?? ["{p}资料"])
            return pattern.replacingOccurrences(of: "{p}", with: subject)
        }
    }

    /// The department head when authorised for this regime and level (T5.1), else the official who is.
    private func classifier(for level: LevelDefinition, department: String) -> UUID? {
        func authorised(_ code: String, _ post: Int) -> UUID? {
            guard let plan = DemoInstitute.departments.first(where: { $0.code == code }), post < plan.posts.count,
                let maximum = plan.posts[post].classifies,
                ClassificationAuthority.check(
                    classifierMaxLevel: maximum, level: level, name: "", levels: catalogue
                ).isAllowed
            else { return nil }
            return person(code, post)?.id
        }
        return authorised(department, 0) ?? authorised("LD", 0) ?? authorised("DAZX", 0) ?? authorised("ZHB", 0)
    }

    /// The distribution scope (C1.1, A3): the department, often a second one or the project, sometimes named people.
    private mutating func scope(
        _ input: inout CarrierDraft.Input, department: String, project: DemoInstitute.ProjectPlan?
    ) {
        var departments = [department]
        if let project, random.chance(50) {
            input.scopeProjects = [projectIDs[project.code]?.uuidString].compactMap { $0 }
            departments += project.departments.filter { $0 != department }.prefix(1)
        }
        if random.chance(25), let staff = people[department], staff.count > 2 {
            input.scopePeople = [staff[0].id.uuidString, staff[1 + random.below(staff.count - 1)].id.uuidString]
            departments = []
        }
        input.scopeDepartments = departments.compactMap { departmentIDs[$0]?.uuidString }
        if input.scopeDepartments?.isEmpty == true && input.scopePeople == nil && input.scopeProjects == nil {
            input.scopeDepartments = [departmentIDs[department]?.uuidString].compactMap { $0 }
        }
    }

    /// A period within the level's limits (C9): years, a date, a condition, 长期 or 公布前; none for 内部.
    private mutating func period(for level: LevelDefinition) -> String? {
        switch level.id {
        case .topSecret: random.pick(["30", "20", "型号定型后"])
        case .secret: random.pick(["20", "10", "15", "2035-12-31"])
        case .confidential: random.pick(["10", "5", "项目验收后"])
        case .coreCommercial: random.pick(["长期", "公布前"])
        case .ordinaryCommercial: random.pick(["长期", "公布前", "2030-12-31"])
        default: nil
        }
    }

    private func copyLimit(_ level: LevelID) -> Int {
        switch level {
        case .topSecret: 2
        case .secret: 4
        case .confidential: 5
        default: 3
        }
    }

    /// The department's secrecy officer account acts for it where there is one; the security office otherwise.
    func steward(of department: String) -> (AuditActor, UUID?) {
        if let officer = officerActors[department] { return (officer.actor, officer.personID) }
        return (securityOffice, securityOfficePerson)
    }

    // MARK: Copies (C0, C2, C3, C6, C7)

    private mutating func tellStories(of copies: [MadeCopy]) async throws {
        var remaining = Dictionary(uniqueKeysWithValues: CopyStory.allCases.map { ($0, $0.quota) })
        for copy in copies {
            let story =
                CopyStory.allCases.first { story in
                    (remaining[story] ?? 0) > 0 && (!story.needsStorageMedium || copy.form.hasStorage)
                } ?? .stored
            remaining[story, default: 0] -= 1
            try await tell(story, copy)
        }
    }

    private mutating func tell(_ story: CopyStory, _ copy: MadeCopy) async throws {
        if story == .justRegistered { return }
        let (actor, _) = steward(of: copy.department)
        guard let home = place(for: copy.level, in: copy.department) else { return }
        try await step(.init(action: .place, placeID: home), copy, by: actor)
        // Half of the copies still travelling go to another department, half to an outside unit.
        let staysInside = story == .sentInside || (story == .inTransit && random.chance(50))
        switch story {
        case .justRegistered, .stored:
            break
        case .archived:
            if let vault = placeIDs.first(where: { $0.plan.kind == .vault })?.id, vault != home {
                try await step(.init(action: .move, placeID: vault, note: "定期归档"), copy, by: actor)
            }
        case .sentInside,
            .inTransit where staysInside:
            let target = receivingDepartment(for: copy, sender: actor)
            let officer = secrecyOfficer(of: target)
            let recipient = "\(departmentNames[target] ?? target) \(officer?.name ?? "")"
            var dispatch = try await send(
                copy, channel: [.internalHandOver, .designatedPerson], to: recipient, person: officer?.id)
            dispatch.departmentID = departmentIDs[target]
            try await step(dispatch, copy, by: actor)
            // The receiving department's secrecy officer signs for it (C2, C3).
            if story == .sentInside, let place = place(for: copy.level, in: target), let signer = signers[target] {
                try await step(.init(action: .confirmReceiptInternal, placeID: place), copy, by: signer)
            }
        case .dispatchedOutside, .inTransit:
            // To a unit whose secrecy qualification covers the level (C3).
            let units = DemoInstitute.outsideUnits.filter { unit in
                catalogue.definition(unit.qualification.covers).map {
                    $0.protectionWeight >= copy.level.protectionWeight
                }
                    ?? false
            }
            let unit = random.pick(units)
            var dispatch = try await send(
                copy, channel: [.confidentialCourier, .confidentialPost, .designatedPerson], to: unit.name, person: nil)
            dispatch.receiverQualification = unit.qualification
            dispatch.receiverCertificate = unit.certificate
            try await step(dispatch, copy, by: actor)
            if story == .dispatchedOutside {
                let receipt = "回执 HZ-2026-\(String(format: "%03d", 1 + random.below(999)))，\(unit.name)签收"
                try await step(.init(action: .confirmReceiptExternal, note: receipt), copy, by: actor)
            }
        case .repairOnSite:
            try await step(
                .init(
                    action: .sendToRepair, counterpart: DemoInstitute.repairers[0], onSite: true,
                    supervisor: technician, note: "存储部件故障，在本所现场维修"), copy, by: actor)
        case .repairedOffSite:
            try await step(
                .init(
                    action: .sendToRepair, counterpart: DemoInstitute.repairers[1], onSite: false, storageRemoved: true,
                    supervisor: technician, note: "已拆除存储部件后送外维修"), copy, by: actor)
            try await step(.init(action: .returnFromRepair, placeID: home, note: "维修完毕，检查无异常"), copy, by: actor)
        case .lost:
            try await step(.init(action: .reportLost, note: "年度清查时发现缺失，已向保密办报告"), copy, by: actor)
        }
    }

    /// The department's secrecy officer (T4), who signs for what the department receives.
    private func secrecyOfficer(of department: String) -> (id: UUID, name: String)? {
        guard let plan = DemoInstitute.departments.first(where: { $0.code == department }),
            let index = plan.posts.firstIndex(where: \.isSecrecyOfficer)
        else { return nil }
        return person(department, index)
    }

    private func person(_ department: String, _ post: Int) -> (id: UUID, name: String)? {
        guard let staff = people[department], staff.indices.contains(post) else { return nil }
        return staff[post]
    }

    /// The person who supervises repairs (C7): the archive centre's secrecy technician.
    private var technician: String {
        person("DAZX", 4)?.name ?? "保密技术员"
    }

    /// A send step on the first channel the level allows among `preferred` (C3), with escorts from the register
    /// cleared for the level — two where the level asks for them — and a sealed envelope.
    private mutating func send(
        _ copy: MadeCopy, channel preferred: [TransmissionChannel], to counterpart: String, person holder: UUID?
    ) async throws -> CopyStepRepository.Step {
        let channel = preferred.first { copy.level.channels.contains($0) } ?? copy.level.channels.first
        let needed = channel.map { CarrierRules.escortsNeeded(level: copy.level, channel: $0) } ?? 0
        let escorts = try await escorts(for: copy.level)
        return .init(
            action: .send, personID: holder, counterpart: counterpart, channel: channel,
            escortIDs: Array(escorts.prefix(max(1, needed))), sealed: true)
    }

    /// People cleared to carry a carrier of this level (C3): the confidential-documents clerk and the archivist
    /// first, as an institute sends them, then anyone else whose secret post covers it.
    private mutating func escorts(for level: LevelDefinition) async throws -> [UUID] {
        if let known = escortsByLevel[level.id] { return known }
        let preferred = [person("ZHB", 1)?.id, person("DAZX", 2)?.id].compactMap { $0 }
        let everyone = DemoInstitute.departments.flatMap { people[$0.code]?.map(\.id) ?? [] }
        let ordered = preferred + everyone.filter { !preferred.contains($0) }
        let (bearers, postClasses) = try await Bearers.load(
            ordered, field: "escortIDs", store: store, clock: { Date() }, on: database)
        let cleared = bearers.filter {
            BearerRules.refusal(
                $0, level: level, role: LocalizedText(zh: "", en: ""), rule: RuleID("C3"), postClasses: postClasses,
                levels: catalogue) == nil
        }.map(\.personID)
        escortsByLevel[level.id] = cleared
        return cleared
    }

    /// Another department, with a place cleared for the copy's level and a secrecy officer other than the sender to
    /// sign for it (C2, C3).
    private mutating func receivingDepartment(for copy: MadeCopy, sender: AuditActor) -> String {
        let candidates = DemoInstitute.departments.map(\.code).filter { code in
            code != copy.department && place(for: copy.level, in: code, fallBack: false) != nil
                && signers[code].map { $0.accountID != sender.accountID } == true
        }
        return candidates.isEmpty ? "DAZX" : random.pick(candidates)
    }

    /// A keeping place of the department cleared for the level (C6), else the archive vault.
    private func place(for level: LevelDefinition, in department: String, fallBack: Bool = true) -> UUID? {
        let cleared = placeIDs.filter { entry in
            guard entry.plan.kind.isForKeeping, let placeLevel = catalogue.definition(entry.plan.maxLevel) else {
                return false
            }
            return CarrierRules.checkPlace(
                copyLevel: level, placeLevel: placeLevel, placeKind: entry.plan.kind, placeName: entry.plan.name
            ).isAllowed
        }
        // The weakest place that is enough: a 内部 paper goes to a personal cabinet, not the vault.
        let own = cleared.filter { $0.plan.department == department }.min { $0.plan.kind < $1.plan.kind }
        if let own { return own.id }
        return fallBack ? cleared.first { $0.plan.kind == .vault }?.id : nil
    }

    private func step(_ step: CopyStepRepository.Step, _ copy: MadeCopy, by actor: AuditActor) async throws {
        try await CopyStepRepository(store: store).apply(
            step, to: copy.id, catalogue: catalogue, by: actor, on: database)
    }
}
