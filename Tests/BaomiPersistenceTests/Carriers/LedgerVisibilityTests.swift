import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// The copy ledger as a person sees it, through the SQL twin of the access decision: level, project and scope, on
/// both page plans (sorting the visible copies, or walking all copies newest first).
@Suite("Copy ledger visibility (A2, A3, T5.2)")
struct LedgerVisibilityTests {
    func viewer(
        person: UUID, department: UUID, postClass: SecretPostClass, roles: Set<Role> = [.staff], projects: [UUID] = []
    ) -> CarrierLedgerQuery.Viewer {
        let levels = LevelCatalogue.nationalDefault
        let subject = AccessSubject(
            personID: person, departmentID: department, roles: roles, postClass: postClass,
            clearance: PostClassCatalogue.nationalDefault.clearance(
                postClass, levels: levels, compartments: Set(projects.map(\.uuidString))),
            projects: projects)
        return CarrierLedgerQuery.Viewer(subject: subject, levels: levels)
    }

    func titles(_ query: CarrierLedgerQuery, on database: any Database) async throws -> [String: Int] {
        var seen: [[String: Int]] = []
        // Both plans the page chooses between give the same rows and total.
        for walkVisibleAbove in [Int.max, 0] {
            var query = query
            query.walkVisibleAbove = walkVisibleAbove
            let page = try await query.copies(on: database)
            #expect(page.rows.count == page.total)
            seen.append(page.rows.reduce(into: [:]) { counts, row in counts[row.title, default: 0] += 1 })
            // Paged two at a time, the pages hold the same copies in the same order, each with the same total, and
            // a page past the end still says how many there are.
            var paged = query
            paged.limit = 2
            var pagedIDs: [UUID] = []
            for offset in stride(from: 0, through: page.total, by: 2) {
                paged.offset = offset
                let part = try await paged.copies(on: database)
                #expect(part.total == page.total)
                pagedIDs += part.rows.map(\.copyID)
            }
            #expect(pagedIDs == page.rows.map(\.copyID))
        }
        #expect(seen[0] == seen[1])
        return seen[0]
    }

    @Test("A2 A3 a staff member sees copies in their scope up to their clearance, a project's only with the project")
    func scopeLevelAndProject() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let classifier = try await PersonModel.find(fixture.classifier, on: test.database)
            classifier?.classifierMaxLevel = "topSecret"
            try await classifier?.save(on: test.database)
            let project = ProjectModel(code: "P-7", name: "某型号", level: "secret", isKeyProject: false)
            try await project.create(on: test.database)
            let projectID = try project.requireID()
            let other = OrgUnitModel(name: "试验部", code: "D-TEST", kind: "department", parentID: nil)
            try await other.create(on: test.database)
            let otherID = try other.requireID()
            let reader = PersonModel(
                name: "赵工", employeeNumber: "E009", departmentID: otherID, post: "工程师", isLeader: false,
                status: "active")
            try await reader.create(on: test.database)
            let readerID = try reader.requireID()
            func named(_ title: String, level: String = "secret", copies: Int = 2) -> CarrierDraft.Input {
                var input = fixture.input(level: level, copies: copies, title: title)
                input.scopeDepartments = nil
                input.scopePeople = [readerID.uuidString]
                return input
            }
            _ = try await fixture.register(named("点名给赵工的方案"))
            _ = try await fixture.register(fixture.input(copies: 3, title: "技术部内部方案"))
            var compartment = named("某型号专项方案", copies: 1)
            compartment.projectID = projectID.uuidString
            let projectCarrier = try await fixture.register(compartment)
            var topSecretInput = named("绝密方案", level: "topSecret", copies: 1)
            topSecretInput.period = "30"
            _ = try await fixture.register(topSecretInput)
            let projectCopies = try await CopyModel.query(on: test.database)
                .filter(\.$carrier.$id == projectCarrier.requireID()).all()
            #expect(projectCopies.allSatisfy { $0.$project.id == projectID })

            var query = CarrierLedgerQuery()
            query.viewer = viewer(person: readerID, department: otherID, postClass: .important)
            #expect(try await titles(query, on: test.database) == ["点名给赵工的方案": 2])
            query.viewer = viewer(
                person: readerID, department: otherID, postClass: .important, projects: [projectID])
            #expect(try await titles(query, on: test.database) == ["点名给赵工的方案": 2, "某型号专项方案": 1])
            query.viewer = viewer(person: readerID, department: otherID, postClass: .core, projects: [projectID])
            #expect(
                try await titles(query, on: test.database) == [
                    "点名给赵工的方案": 2, "某型号专项方案": 1, "绝密方案": 1,
                ])
            // The department's secrecy officer sees its copies whatever their scope, and nothing of the project.
            query.viewer = viewer(
                person: fixture.officer, department: fixture.department, postClass: .important,
                roles: [.staff, .secrecyOfficer])
            #expect(
                try await titles(query, on: test.database) == [
                    "点名给赵工的方案": 2, "技术部内部方案": 3,
                ])
            // Filters combine with the walk.
            query.levels = ["confidential"]
            #expect(try await titles(query, on: test.database) == [:])
        }
    }
}
