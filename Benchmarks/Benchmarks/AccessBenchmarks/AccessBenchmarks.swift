import BaomiDomain
import Benchmark
import Foundation

// Issue #4: the one access decision (`AccessDecision.decide`, A2, A3, A4) on its own, in process. DESIGN.md budget:
// ≤ 100 ns per decision. Each iteration makes 1,000 decisions (`scalingFactor: .kilo`), so microseconds per
// iteration read as nanoseconds per decision, and thousands of mallocs per iteration as mallocs per decision.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], warmupIterations: 100, scalingFactor: .kilo,
        maxDuration: .seconds(3), maxIterations: 100_000)
    let cases = AccessCases()
    for (name, subject, action, objects) in [
        ("allowed: 重要 staff reads an in-scope 机密 carrier", cases.staff, AccessAction.read, cases.inScopeSecret),
        ("refused: read-up, 重要 staff and a 绝密 carrier (invisible)", cases.staff, .read, cases.topSecret),
        ("refused: 机密 carrier outside the scope (A3, 403)", cases.staff, .read, cases.outOfScope),
        ("allowed: secrecy officer manages a carrier of the department", cases.officer, .manage, cases.inScopeSecret),
    ] {
        Benchmark("Access decision, \(name)", configuration: configuration) { benchmark in
            let postClasses = cases.postClasses
            let levels = cases.levels
            // Each carrier in turn, held in a local: copying it out of the array on every decision retains its
            // seven reference-counted fields, about 70 ns ("Access harness" below), which is not the decision's time.
            let rounds = benchmark.scaledIterations.count / objects.count
            for object in objects {
                for _ in 0..<rounds {
                    blackHole(AccessDecision.decide(subject, action, object, postClasses: postClasses, levels: levels))
                }
            }
        }
    }
    Benchmark("Access harness only: taking the carrier out of the array", configuration: configuration) { benchmark in
        let objects = cases.inScopeSecret
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(objects[index])
            index = index == objects.count - 1 ? 0 : index + 1
        }
    }
    // Its parts, to see where a decision's time goes.
    Benchmark("Access stage: Clearance.dominates, 机密 label", configuration: configuration) { benchmark in
        let clearance = cases.staff.clearance
        let label = cases.inScopeSecret[0].label
        for _ in benchmark.scaledIterations { blackHole(clearance.dominates(label)) }
    }
    Benchmark("Access stage: AccessObject.includes, in scope by project", configuration: configuration) { benchmark in
        let subject = cases.staff
        let object = cases.inScopeSecret[2]
        for _ in benchmark.scaledIterations { blackHole(object.includes(subject)) }
    }
    Benchmark("Access stage: wording a read-up refusal (only when shown)", configuration: configuration) {
        benchmark in
        let verdict = AccessDecision.decide(
            cases.staff, .read, cases.topSecret[0], postClasses: cases.postClasses, levels: cases.levels)
        for _ in benchmark.scaledIterations { blackHole(verdict.refusal) }
    }
}

/// Realistic subjects and carriers: scopes of a few people, departments and projects, national default levels.
struct AccessCases: Sendable {
    let levels = LevelCatalogue.nationalDefault
    let postClasses = PostClassCatalogue.nationalDefault
    let staff: AccessSubject
    let officer: AccessSubject
    /// 机密 carriers the staff member may read: named personally, through the department, through a project.
    let inScopeSecret: [AccessObject]
    let topSecret: [AccessObject]
    let outOfScope: [AccessObject]

    init() {
        let levels = levels
        let department = UUID()
        let otherDepartments = (0..<4).map { _ in UUID() }
        let person = UUID()
        let colleagues = (0..<6).map { _ in UUID() }
        let projects = (0..<2).map { _ in UUID() }
        let otherProjects = (0..<3).map { _ in UUID() }
        let clearance = PostClassCatalogue.nationalDefault.clearance(.important, levels: levels)
        staff = AccessSubject(
            personID: person, departmentID: department, roles: [.staff], postClass: .important, clearance: clearance,
            projects: projects)
        officer = AccessSubject(
            personID: colleagues[0], departmentID: department, roles: [.staff, .secrecyOfficer],
            postClass: .important, clearance: clearance)
        func carrier(
            _ number: Int, _ level: LevelID, people: [UUID], departments: [UUID], projects: [UUID]
        ) -> AccessObject {
            let definition = levels.definition(level)!
            return AccessObject(
                number: String(format: "2026-%03d", number), label: SecurityLabel(level: definition),
                levelName: definition.name, departments: [department, otherDepartments[number % 4]],
                scopePeople: people, scopeDepartments: departments, scopeProjects: projects)
        }
        inScopeSecret = [
            carrier(1, .secret, people: [colleagues[1], person, colleagues[2]], departments: [], projects: []),
            carrier(
                2, .secret, people: [colleagues[3], colleagues[4]], departments: [otherDepartments[0], department],
                projects: [otherProjects[0]]),
            carrier(
                3, .secret, people: Array(colleagues[0..<3]), departments: [otherDepartments[1]],
                projects: [otherProjects[1], projects[1]]),
        ]
        topSecret = (4..<7).map { number in
            carrier(
                number, .topSecret, people: [person, colleagues[number % 6]], departments: [department],
                projects: [])
        }
        outOfScope = (7..<10).map { number in
            carrier(
                number, .secret, people: Array(colleagues[1..<4]), departments: Array(otherDepartments[0..<2]),
                projects: otherProjects)
        }
    }
}
