import BaomiDomain
import FluentKit
import Foundation

/// `baomi import people`: the staff roll from a CSV file by codes. One file serves two administrators, each for their
/// own part (S1): the system administrator registers the people (工号, 姓名, 部门编码, 岗位, 领导, 状态) through
/// `OrganisationRepository.createPerson`, with who heads their department (部门负责人) and which departments a leader
/// is in charge of (分管部门), through `OrganisationRepository.setLeaders` (T4, #14); the security administrator then sets each one's secret post (涉密等级,
/// 涉密项目编号, 脱密期至, 变更理由) through `ClearanceRepository.set` (A2, A4, A7). Each reads past the other's columns.
public struct PeopleImport: Sendable {
    public enum Column: String, DirectoryColumn {
        case employeeNumber, name, departmentCode, post, leader, status, headOfDepartment, inChargeOf
        case postClass, projectCodes, separationUntil, reason, postCode

        public var chineseHeader: String {
            switch self {
            case .employeeNumber: "工号"
            case .name: "姓名"
            case .departmentCode: "部门编码"
            case .post: "岗位"
            case .leader: "领导"
            case .status: "状态"
            case .headOfDepartment: "部门负责人"
            case .inChargeOf: "分管部门"
            case .postClass: "涉密等级"
            case .projectCodes: "涉密项目编号"
            case .separationUntil: "脱密期至"
            case .reason: "变更理由"
            case .postCode: "岗位代码"
            }
        }

        public static let required: [Column] = [.employeeNumber, .name, .departmentCode]
        static let posts: Set<Column> = [.postClass, .projectCodes, .separationUntil, .reason, .postCode]
    }

    /// Whose part of the file this run reads.
    public enum Part: Sendable {
        /// The people themselves (系统管理员, manageOrganisation).
        case people
        /// Their secret posts (安全保密管理员, manageClearances).
        case posts
    }

    public struct Post: Sendable {
        public var row: Int
        public var personID: UUID
        public var draft: ClearanceDraft
        /// Whether the file names the projects; otherwise the person keeps theirs.
        public var setsProjects: Bool
        /// 岗位代码: the registered post the person is put on; the class then follows the post (A2, T9).
        public var postCode: String? = nil
        /// The class the file names beside a post code, which must agree with the post's (A2).
        public var namedClass: SecretPostClass? = nil
    }

    /// A person's place among their departments' leaders: heading their own, in charge of others (T4).
    public struct Leadership: Sendable {
        public var employeeNumber: String
        public var headsDepartment: Bool
        public var inChargeOf: [UUID]
    }

    public struct Plan: Sendable {
        public var people: [(row: Int, draft: PersonDraft)] = []
        public var leaderships: [Leadership] = []
        public var posts: [Post] = []
        public var problems: [ImportProblem] = []
        public var blankRows = 0
        public var rowCount = 0
        public var ignoredColumns: [String] = []
    }

    public let part: Part
    public let directory: ExchangeDirectory
    /// The file's name, in the reason a secret post records when the file gives none.
    public let fileName: String

    public init(part: Part, directory: ExchangeDirectory, fileName: String) {
        self.part = part
        self.directory = directory
        self.fileName = fileName
    }

    static let postClassAliases: [String: SecretPostClass] = [
        "核心": .core, "重要": .important, "一般": .general, "非涉密": .nonSecret,
    ]

    public func plan(_ table: CSVTable) throws(ImportFileError) -> Plan {
        let others = Set(Column.allCases).subtracting(Column.posts).subtracting([.employeeNumber])
        let sheet =
            part == .people
            ? try DirectorySheet<Column>.read(table, readingPast: Column.posts)
            : try DirectorySheet<Column>.read(
                table, readingPast: others,
                requiring: Self.namesPostCodes(table) ? [.employeeNumber] : [.employeeNumber, .postClass])
        var plan = Plan(blankRows: sheet.blankRows, rowCount: sheet.rows.count, ignoredColumns: sheet.ignoredColumns)
        var inFile: [String: Int] = [:]
        for row in sheet.rows {
            var problems: [ImportProblem] = []
            let number = row.value(.employeeNumber)
            if let number {
                if let first = inFile[number] {
                    problems.append(
                        sheet.problem(
                            row, .employeeNumber, zh: "工号「\(number)」与第 \(first) 行重复",
                            en: "The employee number \(number) is also on row \(first)"))
                } else {
                    inFile[number] = row.row
                }
            }
            switch part {
            case .people: planPerson(row, sheet: sheet, into: &plan, problems: &problems)
            case .posts: planPost(row, sheet: sheet, into: &plan, problems: &problems)
            }
            plan.problems += problems
        }
        if !plan.problems.isEmpty {
            plan.people = []
            plan.leaderships = []
            plan.posts = []
        }
        return plan
    }

    private func planPerson(
        _ row: DirectorySheet<Column>.Row, sheet: DirectorySheet<Column>, into plan: inout Plan,
        problems: inout [ImportProblem]
    ) {
        if let number = row.value(.employeeNumber), directory.people[number] != nil {
            problems.append(
                sheet.problem(
                    row, .employeeNumber, zh: "工号「\(number)」已被使用", en: "The employee number \(number) is already in use"
                ))
        }
        var departmentID: String?
        if let code = row.value(.departmentCode) {
            if let id = directory.units[code] {
                departmentID = id.uuidString
            } else {
                problems.append(
                    sheet.problem(
                        row, .departmentCode, rule: .t4,
                        zh: "部门编码「\(code)」未登记（已登记的编码：\(DirectoryVocabulary.someOf(directory.units.keys))）",
                        en: "The department code \(code) is not registered"))
            }
        }
        var leader: Bool?
        if let text = row.value(.leader) {
            leader = DirectoryVocabulary.yesNo(text)
            if leader == nil {
                problems.append(
                    sheet.problem(
                        row, .leader, zh: "「\(text)」应为：\(DirectoryVocabulary.yesNoWords)",
                        en: "\"\(text)\" should be yes or no (是/否)"))
            }
        }
        var status: String?
        if let text = row.value(.status) {
            status = DirectoryVocabulary.word(text, \PersonStatus.title)?.rawValue
            if status == nil {
                problems.append(
                    sheet.problem(
                        row, .status, zh: "无法识别的状态「\(text)」，应为：\(DirectoryVocabulary.words(\PersonStatus.title))",
                        en:
                            "Unknown status \"\(text)\"; use one of \(PersonStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            } else if let refusal = PersonStatusChange.check(
                from: nil, to: PersonStatus(rawValue: status ?? "") ?? .active)
            {
                // Leaving and departed come only from a departure request (T22, A7), never from a roll.
                problems.append(sheet.problem(row, .status, zh: refusal.reason.zh, en: refusal.reason.en))
            }
        }
        let leadership = planLeadership(row, sheet: sheet, isLeader: leader == true, problems: &problems)
        do {
            let draft = try PersonDraft.parse(
                name: row.value(.name), employeeNumber: row.value(.employeeNumber),
                departmentID: departmentID ?? (row.value(.departmentCode) == nil ? nil : UUID().uuidString),
                post: row.value(.post), isLeader: leader, status: status)
            if problems.isEmpty {
                plan.people.append((row.row, draft))
                if let leadership { plan.leaderships.append(leadership) }
            }
        } catch {
            problems += OrganisationImport.problems(
                error, row: row, sheet: sheet, besides: problems,
                column: { $0 == "departmentID" ? .departmentCode : Column(rawValue: $0) })
        }
    }

    /// 部门负责人 (是/否) and 分管部门 (registered department codes; only a leader is in charge of departments, T4).
    private func planLeadership(
        _ row: DirectorySheet<Column>.Row, sheet: DirectorySheet<Column>, isLeader: Bool,
        problems: inout [ImportProblem]
    ) -> Leadership? {
        var heads = false
        if let text = row.value(.headOfDepartment) {
            if let value = DirectoryVocabulary.yesNo(text) {
                heads = value
            } else {
                problems.append(
                    sheet.problem(
                        row, .headOfDepartment, zh: "「\(text)」应为：\(DirectoryVocabulary.yesNoWords)",
                        en: "\"\(text)\" should be yes or no (是/否)"))
            }
        }
        var units: [UUID] = []
        let codes = CarrierVocabulary.list(row.value(.inChargeOf) ?? "")
        if !codes.isEmpty && !isLeader {
            problems.append(
                sheet.problem(
                    row, .inChargeOf, rule: .t4, zh: "只有单位领导（领导列为“是”）才能分管部门",
                    en: "Only a leader (领导 yes) is in charge of departments"))
        }
        for code in codes {
            if let id = directory.units[code] {
                units.append(id)
            } else {
                problems.append(
                    sheet.problem(
                        row, .inChargeOf, rule: .t4, zh: "分管部门编码「\(code)」未登记",
                        en: "The department code \(code) is not registered"))
            }
        }
        guard let number = row.value(.employeeNumber), heads || !units.isEmpty else { return nil }
        return Leadership(employeeNumber: number, headsDepartment: heads, inChargeOf: units)
    }

    private func planPost(
        _ row: DirectorySheet<Column>.Row, sheet: DirectorySheet<Column>, into plan: inout Plan,
        problems: inout [ImportProblem]
    ) {
        var person: ExchangeDirectory.Person?
        if let number = row.value(.employeeNumber) {
            person = directory.people[number]
            if person == nil {
                problems.append(
                    sheet.problem(
                        row, .employeeNumber, rule: RuleID("A2"),
                        zh: "工号「\(number)」未登记：人员由系统管理员先行导入",
                        en: "No person has the employee number \(number): the system administrator imports people first"
                    ))
            }
        } else {
            problems.append(sheet.problem(row, .employeeNumber, zh: "工号不能为空", en: "The employee number is required"))
        }
        var postClass: String?
        if let text = row.value(.postClass) {
            postClass = DirectoryVocabulary.word(text, \SecretPostClass.title, aliases: Self.postClassAliases)?.rawValue
            if postClass == nil {
                problems.append(
                    sheet.problem(
                        row, .postClass, rule: RuleID("A2"),
                        zh: "无法识别的涉密等级「\(text)」，应为：\(DirectoryVocabulary.words(\SecretPostClass.title))",
                        en:
                            "Unknown post class \"\(text)\"; use one of \(SecretPostClass.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
        }
        var projects: [String] = []
        for code in CarrierVocabulary.list(row.value(.projectCodes) ?? "") {
            if let id = directory.projects[code] {
                projects.append(id.uuidString)
            } else {
                problems.append(
                    sheet.problem(
                        row, .projectCodes, rule: RuleID("A2"),
                        zh: "涉密项目编号「\(code)」未登记（已登记的编号：\(DirectoryVocabulary.someOf(directory.projects.keys))）",
                        en: "The project code \(code) is not registered"))
            }
        }
        let reason = row.value(.reason) ?? "按名册导入（\(fileName)）"
        let code = row.value(.postCode)
        // With a post code the class comes from the post (`checkPosts`); until then the class named, if any.
        let classText = postClass ?? (row.value(.postClass) == nil ? nil : SecretPostClass.nonSecret.rawValue)
        do {
            let draft = try ClearanceDraft.parse(
                .init(
                    postClass: classText ?? (code == nil ? nil : SecretPostClass.nonSecret.rawValue),
                    compartments: projects, separationUntil: row.value(.separationUntil), reason: reason))
            if problems.isEmpty, let person {
                plan.posts.append(
                    Post(
                        row: row.row, personID: person.id, draft: draft, setsProjects: row.has(.projectCodes),
                        postCode: code, namedClass: code == nil ? nil : postClass.flatMap(SecretPostClass.init)))
            }
        } catch {
            problems += OrganisationImport.problems(
                error, row: row, sheet: sheet, besides: problems,
                column: { $0 == "compartments" ? .projectCodes : Column(rawValue: $0) })
        }
    }

    /// Registers the planned people or secret posts, on `database` (the caller's transaction).
    public func register(
        _ plan: Plan, by actor: AuditActor, store: Store, on database: any Database
    ) async throws
        -> Int
    {
        let organisation = OrganisationRepository(store: store)
        var created: [String: PersonModel] = [:]
        for (_, draft) in plan.people {
            let person = try await organisation.createPerson(draft, by: actor, on: database)
            created[person.employeeNumber] = person
        }
        for leadership in plan.leaderships {
            guard let person = created[leadership.employeeNumber], let personID = person.id else { continue }
            // Each change keeps the department's other leader as it is (setLeaders names both).
            if leadership.headsDepartment {
                let unit = try await organisation.unit(person.$department.id, on: database)
                try await organisation.setLeaders(
                    unit: person.$department.id, head: personID, leaderInCharge: unit.leaderInChargeID, by: actor,
                    on: database)
            }
            for unitID in leadership.inChargeOf {
                let unit = try await organisation.unit(unitID, on: database)
                try await organisation.setLeaders(
                    unit: unitID, head: unit.headID, leaderInCharge: personID, by: actor, on: database)
            }
        }
        let clearances = ClearanceRepository(store: store)
        for post in plan.posts {
            var draft = post.draft
            if let code = post.postCode {
                let spell = try await PostAssignments(store: store).assign(
                    personID: post.personID, postCode: code, reason: post.draft.reason, by: actor, on: database)
                // The file's projects go with the class the post gave (A2).
                guard post.setsProjects else { continue }
                draft.postClass = SecretPostClass(rawValue: spell.postClass) ?? draft.postClass
            }
            // What the file does not name, the person keeps (the groups are set on the person's page).
            if let person = try await PersonModel.find(post.personID, on: database) {
                draft.groups = ClearanceRepository.ids(person.groups)
                if !post.setsProjects { draft.compartments = ClearanceRepository.ids(person.compartments) }
            }
            try await clearances.set(draft, for: post.personID, by: actor, on: database)
        }
        return plan.people.count + plan.posts.count
    }
}
