import BaomiDomain
import FluentKit
import Foundation

/// A realistic sample institute for trying Baomi (`baomi demo`): a unit with eight departments, forty people with
/// posts, the working group, secrecy officers, the managing department, classifying officials, projects, storage
/// places of every kind and level, business accounts, and sixty carriers whose copies are in many states.
///
/// Everything goes through the repositories — as the pages and the API would — so every rule applies and the audit
/// trail is the real one, acted by the accounts that would act: the system administrator builds the organisation
/// and accounts, the security administrator grants roles and classifying authority (S1), the security office and
/// the department secrecy officers do the secrecy work. Given a seed, the result is always the same.
public struct DemoInstitute: Sendable {
    public var seed: UInt64
    /// Without carriers: the organisation only, ready for `baomi import carriers`.
    public var includeCarriers: Bool

    public init(seed: UInt64 = 2026, includeCarriers: Bool = true) {
        self.seed = seed
        self.includeCarriers = includeCarriers
    }

    /// One demo account to sign in with.
    public struct Account: Sendable, Hashable {
        public var username: String
        public var role: Role
        public var personName: String
        public var post: String
        public var department: String
    }

    /// What the institute holds once populated.
    public struct Summary: Sendable {
        public var departments = 0
        public var keyDepartments = 0
        public var people = 0
        public var workingGroup = 0
        public var secrecyOfficers = 0
        public var classifiers = 0
        public var projects = 0
        public var places = 0
        public var accounts: [Account] = []
        public var carriers = 0
        public var receivedCarriers = 0
        public var copies = 0
        public var carriersByLevel: [LevelID: Int] = [:]
        public var copiesByState: [CopyState: Int] = [:]
        public var openLoans = 0
        public var overdueLoans = 0
        public var inventories = 0
    }

    /// Why a data folder cannot take the demo (it already holds an organisation or carriers), or nil when fresh.
    public static func refusalForExistingData(on database: any Database) async throws -> LocalizedText? {
        let carriers = try await CarrierModel.query(on: database).count()
        let people = try await PersonModel.query(on: database).count()
        let units = try await OrgUnitModel.query(on: database).count()
        let accounts = try await AccountModel.query(on: database).filter(\.$isBuiltIn == false).count()
        guard carriers + people + units + accounts > 0 else { return nil }
        return LocalizedText(
            zh: "数据目录中已有数据（\(units) 个组织机构、\(people) 名人员、\(accounts) 个业务账号、\(carriers) 个载体），"
                + "演示数据只写入新的数据目录，例如 --data-dir demo-data",
            en: "The data folder already holds data (\(units) org units, \(people) people, \(accounts) accounts, "
                + "\(carriers) carriers); demo data goes only into a fresh folder, e.g. --data-dir demo-data")
    }

    /// Fills a fresh database. `hashPassword` is Bcrypt from the server module; every demo account gets `password`
    /// and must change it at first sign-in (S3).
    public func populate(
        on database: any Database, store: Store, password: String,
        hashPassword: @Sendable (String) async throws -> String
    ) async throws -> Summary {
        var builder = Builder(seed: seed, store: store, database: database)
        try await builder.actors()
        try await builder.organisation()
        try await builder.accounts(password: password, hashPassword: hashPassword)
        try await builder.secretPosts()
        try await builder.secrecyOrganisation()
        try await builder.placesAndProjects()
        try await builder.projectClearances()
        if includeCarriers {
            try await builder.carriers()
            // A living institute (#13): loans open, overdue and returned, requests waiting, this year's inventories.
            try await builder.loans()
            try await builder.inventories()
            try await builder.countCopies()
        }
        return builder.summary
    }
}

/// A small, fixed pseudo-random generator (SplitMix64) with its own range and shuffle, so a seed gives the same
/// institute on every platform and Swift version.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    mutating func shuffle<T>(_ values: [T]) -> [T] {
        var values = values
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, below(index + 1))
        }
        return values
    }
}

extension DemoInstitute {
    /// The running state of one population: ids made so far and who acts.
    struct Builder {
        var random: DemoRandom
        let store: Store
        let database: any Database
        let catalogue = LevelCatalogue.nationalDefault
        var summary = Summary()

        var systemAdministrator = AuditActor.system
        var securityAdministrator = AuditActor.system
        var securityOffice = AuditActor.system
        var securityOfficePerson: UUID?
        var unitID = UUID()
        /// Department code → id.
        var departmentIDs: [String: UUID] = [:]
        var departmentNames: [String: String] = [:]
        /// Department code → its people in post order.
        var people: [String: [(id: UUID, name: String)]] = [:]
        /// Department code → the account acting for its secrecy officer, when it has one.
        var officerActors: [String: (actor: AuditActor, personID: UUID)] = [:]
        /// Department code → the account of its designated secrecy officer, who signs for what it receives (C2, C3).
        var signers: [String: AuditActor] = [:]
        /// Level → people cleared to carry it, the first two of whom escort a transmission (C3).
        var escortsByLevel: [LevelID: [UUID]] = [:]
        /// Username → the demo account acting in requests (borrowing, approving, handing over).
        var requestActors: [String: RequestActor] = [:]
        var placeIDs: [(plan: PlacePlan, id: UUID)] = []
        var projectIDs: [String: UUID] = [:]

        init(seed: UInt64, store: Store, database: any Database) {
            self.random = DemoRandom(seed: seed)
            self.store = store
            self.database = database
        }

        /// The built-in administrators act where they exist (the server creates them before the demo runs).
        mutating func actors() async throws {
            let accounts = AccountRepository(store: store)
            for (username, keyPath) in [
                ("sysadmin", \Builder.systemAdministrator), ("secadmin", \Builder.securityAdministrator),
            ] as [(String, WritableKeyPath<Builder, AuditActor>)] {
                if let account = try await accounts.find(username: username, on: database) {
                    self[keyPath: keyPath] = AuditActor(
                        accountID: account.id, name: account.username, kind: .administrator, ip: nil)
                }
            }
        }

        // MARK: Organisation (T4)

        mutating func organisation() async throws {
            let repository = OrganisationRepository(store: store)
            let by = systemAdministrator
            unitID = try await repository.createUnit(
                OrgUnitDraft(
                    name: DemoInstitute.unit.name, code: DemoInstitute.unit.code, kind: .unit, parentID: nil,
                    isKeyDepartment: false, sortOrder: 0), by: by, on: database
            ).requireID()
            var usedNames: Set<String> = []
            for (order, department) in DemoInstitute.departments.enumerated() {
                let id = try await repository.createUnit(
                    OrgUnitDraft(
                        name: department.name, code: department.code, kind: .department, parentID: unitID,
                        isKeyDepartment: department.isKey, sortOrder: order + 1), by: by, on: database
                ).requireID()
                departmentIDs[department.code] = id
                departmentNames[department.code] = department.name
                summary.departments += 1
                if department.isKey { summary.keyDepartments += 1 }
                for (index, post) in department.posts.enumerated() {
                    var name = ""
                    repeat {
                        name = random.pick(DemoInstitute.surnames) + random.pick(DemoInstitute.givenNames)
                    } while usedNames.contains(name)
                    usedNames.insert(name)
                    let person = try await repository.createPerson(
                        PersonDraft(
                            name: name, employeeNumber: String(format: "E%02d%02d", order + 1, index + 1),
                            departmentID: id, post: post.post, isLeader: post.isLeader, status: .active),
                        by: by, on: database)
                    people[department.code, default: []].append((try person.requireID(), name))
                    summary.people += 1
                }
            }
        }

        // MARK: Accounts (S1, S3)

        mutating func accounts(password: String, hashPassword: @Sendable (String) async throws -> String) async throws {
            let repository = AccountRepository(store: store)
            for department in DemoInstitute.departments {
                for (index, post) in department.posts.enumerated() {
                    guard let (username, role) = post.account, let person = people[department.code]?[index] else {
                        continue
                    }
                    // The system administrator creates the account; the security administrator grants its role.
                    let account = try await repository.create(
                        AccountDraft(username: username, displayName: person.name, personID: person.id),
                        passwordHash: try await hashPassword(password), by: systemAdministrator, on: database)
                    try await repository.setRoles(
                        try account.requireID(), roles: [role], by: securityAdministrator, on: database)
                    let actor = AuditActor(accountID: account.id, name: username, kind: .user, ip: nil)
                    if role == .securityOffice {
                        securityOffice = actor
                        securityOfficePerson = person.id
                    }
                    if role == .secrecyOfficer { officerActors[department.code] = (actor, person.id) }
                    if post.isSecrecyOfficer { signers[department.code] = actor }
                    requestActors[username] = RequestActor(
                        audit: actor, accountID: try account.requireID(), personID: person.id, roles: [role],
                        displayName: "\(person.name)（\(username)）")
                    summary.accounts.append(
                        Account(
                            username: username, role: role, personName: person.name, post: post.post,
                            department: department.name))
                }
            }
        }

        /// Secret posts (A2): account holders are core; others by how sensitive their department is. Each earns the
        /// pre-post training first, as the gate wants (E6.6(3)): the security office records the session they sat; and
        /// the agreements their post needs (A4, T8, L1.1).
        mutating func secretPosts() async throws {
            var posts: [(person: UUID, postClass: SecretPostClass, isLeader: Bool)] = []
            for department in DemoInstitute.departments {
                for (index, post) in department.posts.enumerated() {
                    guard let person = people[department.code]?[index] else { continue }
                    // Classifying officials are cleared for what they classify (T5.1 with A2).
                    let postClass: SecretPostClass =
                        post.account != nil || post.classifies != nil
                        ? .core : department.isKey ? .important : index % 3 == 2 ? .nonSecret : .general
                    posts.append((person.id, postClass, post.isLeader))
                }
            }
            let today = ClearanceRepository.today(store.audit.clock())
            try await TrainingSessions(store: store, clock: store.audit.clock).record(
                SessionDraft(
                    title: "涉密人员上岗前保密专项培训", form: .lecture, purpose: .prePost,
                    heldOn: SecrecyPeriod.day(today, plus: -30), place: "第一会议室", trainer: "保密办",
                    areas: [.law, .internalRules, .basics, .classification], hours: 4),
                attendees: posts.filter { $0.postClass != .nonSecret }.map(\.person), by: securityOffice, on: database)
            // And each signs the agreements the post needs, signed by both sides (A4, T8, L1.1).
            let agreements = AgreementRepository(store: store, clock: store.audit.clock)
            let signed = SecrecyPeriod.day(today, plus: -20)
            for (person, postClass, isLeader) in posts {
                for kind in AgreementRequirement.required(postClass: postClass, isLeader: isLeader) {
                    let agreement = try await agreements.draft(kind, for: person, by: securityOffice, on: database)
                    for step in [AgreementStep.signByPerson(on: signed), .signByUnit(on: signed)] {
                        try await agreements.step(
                            step, agreementID: agreement.requireID(), by: securityOffice, on: database)
                    }
                }
            }
            let clearances = ClearanceRepository(store: store)
            for (person, postClass, _) in posts {
                try await clearances.set(
                    ClearanceDraft(
                        postClass: postClass, compartments: [], groups: [], separationUntil: nil,
                        reason: "涉密岗位上岗审批"),
                    for: person, by: securityAdministrator, on: database)
            }
        }

        /// The account holders (the office, officers, leaders) are cleared for every project (A2 compartments), so
        /// the register they keep is whole; other staff see project carriers through the distribution scope only.
        mutating func projectClearances() async throws {
            let clearances = ClearanceRepository(store: store)
            let projects = projectIDs.values.sorted { $0.uuidString < $1.uuidString }
            for department in DemoInstitute.departments {
                for (index, post) in department.posts.enumerated() where post.account != nil {
                    guard let person = people[department.code]?[index] else { continue }
                    try await clearances.set(
                        ClearanceDraft(
                            postClass: .core, compartments: projects, groups: [], separationUntil: nil,
                            reason: "涉密项目知悉审批"),
                        for: person.id, by: securityAdministrator, on: database)
                }
            }
        }

        // MARK: Working group, managing department, secrecy officers, classifiers (T4, T5.1)

        mutating func secrecyOrganisation() async throws {
            let repository = SecrecyOrganisationRepository(store: store)
            for department in DemoInstitute.departments {
                guard let departmentID = departmentIDs[department.code] else { continue }
                for (index, post) in department.posts.enumerated() {
                    guard let person = people[department.code]?[index] else { continue }
                    if let role = post.workingGroup {
                        try await repository.setWorkingGroupRole(
                            person: person.id, role: role, by: securityOffice, on: database)
                        summary.workingGroup += 1
                    }
                    if post.isSecrecyOfficer {
                        try await repository.setSecrecyOfficer(
                            unit: departmentID, person: person.id, by: securityOffice, on: database)
                        summary.secrecyOfficers += 1
                    }
                    if let level = post.classifies {
                        try await authoriseClassifier(person.id, name: person.name, level: level)
                        summary.classifiers += 1
                    }
                }
            }
            if let managing = departmentIDs["DAZX"] {
                try await repository.setManagingDepartment(unit: managing, by: securityOffice, on: database)
            }
        }

        /// The security administrator's act of making someone a 定密责任人 (T5.1), through the same check as the
        /// server's: never above the person's own clearance (A2).
        private func authoriseClassifier(_ personID: UUID, name: String, level: LevelID) async throws {
            try await ClearanceRepository(store: store).authoriseClassifier(
                personID, upTo: level.rawValue, by: securityAdministrator, on: database)
        }

        // MARK: Places and projects (C6, A1)

        mutating func placesAndProjects() async throws {
            let repository = StoragePlaceRepository(store: store)
            for plan in DemoInstitute.places {
                guard let departmentID = departmentIDs[plan.department] else { continue }
                let draft = try StoragePlaceRepository.PlaceDraft.parse(
                    code: plan.code, name: plan.name, kind: plan.kind.rawValue, maxLevel: plan.maxLevel.rawValue,
                    custodianID: people[plan.department]?[plan.custodianPost].id.uuidString,
                    departmentID: departmentID.uuidString, location: plan.location, catalogue: catalogue)
                let place = try await repository.save(draft, id: nil, by: securityOffice, on: database)
                placeIDs.append((plan, try place.requireID()))
                summary.places += 1
            }
            for plan in DemoInstitute.projects {
                let project = try await repository.createProject(
                    code: plan.code, name: plan.name, level: plan.level.rawValue, isKeyProject: plan.isKey,
                    catalogue: catalogue, by: securityOffice, on: database)
                projectIDs[plan.code] = try project.requireID()
                summary.projects += 1
            }
        }
    }
}
