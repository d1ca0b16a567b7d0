import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// An institute moving in by codes (`baomi import org|people|places`): each file through the repositories the pages
/// use, every problem reported at its row and column, unknown words answered with the accepted ones (T4, A2, C6, S4).
@Suite("Org units, people, secret posts and places imported by codes (T4, A2, C6, S1, S4)")
struct DirectoryImportTests {
    let sysadmin = AuditActor(accountID: UUID(), name: "sysadmin", kind: .administrator, ip: nil)
    let secadmin = AuditActor(accountID: UUID(), name: "secadmin", kind: .administrator, ip: nil)
    let office = AuditActor(accountID: UUID(), name: "bmb", kind: .user, ip: nil)

    private func table(_ lines: [String]) throws -> CSVTable {
        try CSVTable.parse(lines.joined(separator: "\r\n") + "\r\n")
    }

    private func importOrg(_ lines: [String], store: Store, on database: any Database) async throws {
        let importer = OrganisationImport(existing: try await ExchangeDirectory.load(on: database).units)
        let plan = try importer.plan(try table(lines))
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        _ = try await store.write(on: database) {
            try await importer.register(plan, by: sysadmin, store: store, on: $0)
        }
    }

    private func importPeople(
        _ part: PeopleImport.Part, _ lines: [String], by actor: AuditActor, store: Store, on database: any Database
    ) async throws -> PeopleImport.Plan {
        let importer = PeopleImport(
            part: part, directory: try await ExchangeDirectory.load(on: database), fileName: "名册.csv")
        var checked = try importer.plan(try table(lines))
        if part == .posts {
            try await importer.checkTraining(
                &checked, store: store, today: ClearanceRepository.today(Date()), on: database)
        }
        let plan = checked
        if plan.problems.isEmpty {
            _ = try await store.write(on: database) {
                try await importer.register(plan, by: actor, store: store, on: $0)
            }
        }
        return plan
    }

    static let org = [
        "编码,名称,类型,上级编码,要害部门,排序",
        // A department before its parent unit: the parent is created first.
        "ZTB,总体设计部,部门,YJS,是,1",
        "YJS,某研究所,单位,,,0",
        "BMB,保密办公室,部门,YJS,否,2",
    ]

    static let people = [
        "工号,姓名,部门编码,岗位,领导,状态,涉密等级,涉密项目编号",
        "E001,王主任,ZTB,主任,是,在岗,核心,",
        "E002,李工,ZTB,工程师,否,在岗,重要涉密人员,",
        "E003,赵秘书,BMB,保密干事,否,,一般,",
        "E004,钱师傅,BMB,司机,否,在岗,非涉密,",
    ]

    @Test("T4 an org file registers its units by code, parents first, each with its own audit record")
    func orgUnits() async throws {
        try await withTestDatabase { test in
            let store = test.store
            try await importOrg(Self.org, store: store, on: test.database)
            let units = try await OrgUnitModel.query(on: test.database).all()
            let byCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
            #expect(Set(byCode.keys) == ["YJS", "ZTB", "BMB"])
            #expect(byCode["ZTB"]?.$parent.id == byCode["YJS"]?.id)
            #expect(byCode["ZTB"]?.isKeyDepartment == true)
            #expect(byCode["YJS"]?.kind == OrgUnitKind.unit.rawValue)
            let audit = try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), action: "orgUnit.create").run(
                on: test.database)
            #expect(audit.count == 3)
            #expect(audit.allSatisfy { $0.actorName == "sysadmin" })
        }
    }

    @Test("S4 T4 every problem of an org file at its row and column; unknown words list the accepted ones")
    func orgProblems() throws {
        let plan = try OrganisationImport(existing: ["YJS": UUID()]).plan(
            try table([
                "编码,名称,类型,上级编码,要害部门",
                "A1,甲,科室,ZZZ,也许",
                "A1,,部门,,",
                "YJS,重名,单位,,",
                "L1,环一,部门,L2,",
                "L2,环二,部门,L1,",
            ]))
        #expect(plan.units.isEmpty)
        let messages = plan.problems.map { "\($0.row) \($0.column) \($0.message.zh)" }
        #expect(messages.contains("2 类型 无法识别的类型「科室」，应为：单位、部门"))
        #expect(messages.contains("2 要害部门 「也许」应为：是、否"))
        #expect(messages.contains { $0.hasPrefix("2 上级编码 上级编码「ZZZ」既未登记也不在本文件中（已登记的编码：YJS）") })
        #expect(messages.contains("3 编码 编码「A1」与第 2 行重复"))
        #expect(messages.contains("3 名称 请填写名称"))
        #expect(messages.contains("3 上级编码 部门须有上级单位"))
        #expect(messages.contains("4 编码 编码「YJS」已被使用"))
        #expect(messages.contains { $0.hasPrefix("5 上级编码") && $0.contains("循环") })
        #expect(messages.contains { $0.hasPrefix("6 上级编码") && $0.contains("循环") })
    }

    @Test("S4 a header the import does not know refuses the file and lists the columns it knows")
    func unknownColumn() throws {
        #expect {
            try OrganisationImport(existing: [:]).plan(try table(["编码,名称,部门主管"]))
        } throws: { error in
            guard let error = error as? ImportFileError else { return false }
            return error.message.zh.contains("无法识别的列：部门主管") && error.message.zh.contains("上级编码/parentCode")
        }
    }

    @Test("S1 A2 a people file: the system administrator registers the people, the security administrator their posts")
    func peopleThenPosts() async throws {
        try await withTestDatabase { test in
            let store = test.store
            try await importOrg(Self.org, store: store, on: test.database)
            // The security administrator first: nobody is registered yet, and nothing is written.
            let early = try await importPeople(.posts, Self.people, by: secadmin, store: store, on: test.database)
            #expect(early.problems.count == 4)
            #expect(early.problems[0].message.zh == "工号「E001」未登记：人员由系统管理员先行导入")
            // The system administrator's part reads past the post columns.
            let people = try await importPeople(.people, Self.people, by: sysadmin, store: store, on: test.database)
            #expect(people.problems.isEmpty, "\(people.problems)")
            #expect(people.ignoredColumns == ["涉密等级", "涉密项目编号"])
            var roll = try await PersonModel.query(on: test.database).sort(\.$employeeNumber).all()
            #expect(roll.map(\.name) == ["王主任", "李工", "赵秘书", "钱师傅"])
            #expect(roll.allSatisfy { $0.postClass == SecretPostClass.nonSecret.rawValue })
            #expect(roll[0].isLeader && roll[2].status == PersonStatus.active.rawValue)
            // Without the pre-post training every secret post is refused at its row, and nothing is written
            // (E6.6(3), A4); the row giving none is not.
            let untrained = try await importPeople(.posts, Self.people, by: secadmin, store: store, on: test.database)
            // Each row is refused for the training and for the agreements its post needs (A4, T8; L1.1 for the
            // leader 王主任), every problem named at once.
            #expect(untrained.problems.map(\.row) == [2, 3, 4, 2, 3, 4])
            #expect(untrained.problems.prefix(3).allSatisfy { $0.rule == RuleID("E6.6(3)") && $0.column == "涉密等级" })
            #expect(untrained.problems.suffix(3).allSatisfy { $0.rule == RuleID("A4") && $0.column == "涉密等级" })
            #expect(untrained.problems[3].message.zh.contains("《知识产权保护协议》《保密承诺书》"))
            #expect(try await ClearanceChangeModel.query(on: test.database).count() == 0)
            try await earnPrePost(roll.compactMap(\.id), store: store, on: test.database)
            // Trained but without the agreements: still refused, citing A4 and naming the agreement (T8).
            let unsigned = try await importPeople(.posts, Self.people, by: secadmin, store: store, on: test.database)
            #expect(unsigned.problems.map(\.row) == [2, 3, 4])
            #expect(unsigned.problems[1].message.zh.contains("《知识产权保护协议》") && unsigned.problems[1].rule == RuleID("A4"))
            try await signAgreements(roll.compactMap(\.id), store: store, on: test.database)
            // The security administrator's part sets every post class, with the reason naming the file.
            let posts = try await importPeople(.posts, Self.people, by: secadmin, store: store, on: test.database)
            #expect(posts.problems.isEmpty, "\(posts.problems)")
            #expect(posts.ignoredColumns == ["姓名", "部门编码", "岗位", "领导", "状态"])
            roll = try await PersonModel.query(on: test.database).sort(\.$employeeNumber).all()
            #expect(roll.map(\.postClass) == ["core", "important", "general", "nonSecret"])
            let changes = try await ClearanceChangeModel.query(on: test.database).all()
            #expect(changes.count == 4)
            #expect(changes.allSatisfy { $0.reason == "按名册导入（名册.csv）" && $0.changedBy == "secadmin" })
            #expect(
                try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), action: "person.create").run(
                    on: test.database
                ).count == 4)
            #expect(
                try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), action: "person.clearance").run(
                    on: test.database
                ).count == 4)
        }
    }

    @Test("T4 a people file names each department's head and the leader in charge of departments; wrong ones refused")
    func departmentLeaders() async throws {
        try await withTestDatabase { test in
            let store = test.store
            try await importOrg(Self.org, store: store, on: test.database)
            let refused = try await importPeople(
                .people,
                [
                    "工号,姓名,部门编码,岗位,领导,部门负责人,分管部门",
                    "E001,王主任,ZTB,主任,否,也许,ZTB",
                    "E002,李所长,YJS,副所长,是,,XYZ",
                ], by: sysadmin, store: store, on: test.database)
            #expect(refused.problems.map(\.column) == ["部门负责人", "分管部门", "分管部门"], "\(refused.problems)")
            #expect(refused.problems.map(\.rule) == [nil, .t4, .t4])
            #expect(try await PersonModel.query(on: test.database).count() == 0)
            let people = try await importPeople(
                .people,
                [
                    "工号,姓名,部门编码,岗位,领导,部门负责人,分管部门",
                    "E001,王主任,ZTB,主任,否,是,",
                    "E002,李所长,YJS,副所长,是,,ZTB、BMB",
                    "E003,赵秘书,BMB,保密干事,否,否,",
                ], by: sysadmin, store: store, on: test.database)
            #expect(people.problems.isEmpty, "\(people.problems)")
            let byNumber = Dictionary(
                uniqueKeysWithValues: try await PersonModel.query(on: test.database).all().map {
                    ($0.employeeNumber, $0.id)
                })
            let units = Dictionary(
                uniqueKeysWithValues: try await OrgUnitModel.query(on: test.database).all().map { ($0.code, $0) })
            #expect(units["ZTB"]?.headID == byNumber["E001"] ?? nil)
            #expect(units["ZTB"]?.leaderInChargeID == byNumber["E002"] ?? nil)
            #expect(units["BMB"]?.leaderInChargeID == byNumber["E002"] ?? nil && units["BMB"]?.headID == nil)
            #expect(
                try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), action: "orgUnit.update").run(
                    on: test.database
                ).count == 3)
        }
    }

    @Test("A2 T4 people problems: unknown department, post class, status and project, each with what is accepted")
    func peopleProblems() throws {
        var directory = ExchangeDirectory(units: ["ZTB": UUID()])
        directory.people["E001"] = .init(id: UUID(), name: "王主任", departmentID: UUID(), classifierMaxLevel: nil)
        let lines = [
            "工号,姓名,部门编码,状态,涉密等级,涉密项目编号",
            "E001,王主任,ZTB,在岗,绝密级,XM-9",
            "E002,李工,KFB,休假,核心,",
            "E002,,ZTB,,,",
        ]
        let people = try PeopleImport(part: .people, directory: directory, fileName: "f").plan(try table(lines))
        let messages = people.problems.map { "\($0.row) \($0.column) \($0.message.zh)" }
        #expect(messages.contains("2 工号 工号「E001」已被使用"))
        #expect(messages.contains("3 部门编码 部门编码「KFB」未登记（已登记的编码：ZTB）"))
        #expect(messages.contains("3 状态 无法识别的状态「休假」，应为：在岗、离岗中、已离职"))
        #expect(messages.contains("4 工号 工号「E002」与第 3 行重复"))
        #expect(messages.contains("4 姓名 请填写姓名"))
        let posts = try PeopleImport(part: .posts, directory: directory, fileName: "f").plan(try table(lines))
        let postMessages = posts.problems.map { "\($0.row) \($0.column) \($0.message.zh)" }
        #expect(postMessages.contains("2 涉密等级 无法识别的涉密等级「绝密级」，应为：核心涉密人员、重要涉密人员、一般涉密人员、非涉密人员"))
        #expect(postMessages.contains("2 涉密项目编号 涉密项目编号「XM-9」未登记（已登记的编号：）"))
        #expect(postMessages.contains("4 涉密等级 请选择涉密等级"))
    }

    @Test("C6 a places file: kinds and levels by their words, a place too weak for its level refused at its row")
    func places() async throws {
        try await withTestDatabase { test in
            let store = test.store
            try await importOrg(Self.org, store: store, on: test.database)
            _ = try await importPeople(.people, Self.people, by: sysadmin, store: store, on: test.database)
            let importer = PlacesImport(
                catalogue: .nationalDefault, directory: try await ExchangeDirectory.load(on: test.database))
            let bad = try importer.plan(
                try table([
                    "编号,名称,类型,最高密级,部门编码,保管人工号,位置",
                    "ZT-01,总体部柜,密码文件柜,绝密,ZTB,E001,3楼",
                    "ZT-02,某柜,铁皮柜,秘密,ZTB,E009,",
                ]))
            let messages = bad.problems.map { "\($0.row) \($0.column) \($0.message.zh)" }
            #expect(messages.contains("2 类型 密码文件柜最高只能存放机密级载体：绝密载体须存放于密码保险柜或更高等级的设施"))
            #expect(messages.contains("3 类型 无法识别的类型「铁皮柜」，应为：办公室、阅览室、个人密码柜、密码文件柜、密码保险柜、专库"))
            #expect(messages.contains("3 保管人工号 工号「E009」未登记"))
            #expect(bad.places.isEmpty)
            let good = try importer.plan(
                try table([
                    "编号,名称,类型,最高密级,部门编码,保管人工号,位置",
                    "ZT-01,总体部保险柜,密码保险柜,绝密,ZTB,E001,3楼301",
                    "BM-01,保密办文件柜,密码文件柜,机密,BMB,E003,",
                ]))
            #expect(good.problems.isEmpty, "\(good.problems)")
            _ = try await store.write(on: test.database) {
                try await importer.register(good, by: office, store: store, on: $0)
            }
            let places = try await StoragePlaceModel.query(on: test.database).sort(\.$code).all()
            #expect(places.map(\.code) == ["BM-01", "ZT-01"])
            #expect(places.map(\.kind) == ["fileCabinet", "safe"])
            #expect(places.map(\.maxLevel) == ["secret", "topSecret"])
            #expect(
                try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), action: "place.create").run(
                    on: test.database
                ).count == 2)
        }
    }
}
