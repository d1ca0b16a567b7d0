import BaomiDomain
import BaomiPersistence
import Foundation
import Vapor

/// The overview's figures as the API answers them (issue #5).
struct OverviewDTO: Content {
    struct Totals: Content {
        var carriers: Int
        var copies: Int
        var liveCopies: Int
        var loansOut: Int
        var loansOverdue: Int
        var openFindings: Int
    }

    struct LevelCount: Content {
        var level: String
        var count: Int
    }

    struct LevelStateCount: Content {
        var level: String
        var state: String
        var count: Int
    }

    struct CheckCount: Content {
        var check: String
        var rule: String
        var count: Int
    }

    struct DepartmentCount: Content {
        /// Absent for findings no department answers for: the security office's.
        var departmentID: UUID?
        var name: String
        var count: Int
    }

    struct Coverage: Content {
        var departments: Int
        var departmentsCovered: Int
        var places: Int
        var placesCovered: Int
        var percent: Int
    }

    struct Month: Content {
        var month: String
        var carriersRegistered: Int
        var copiesDestroyed: Int
        var borrowingsIssued: Int
        var findingsOpened: Int
    }

    var today: String
    var levels: [String]
    var totals: Totals
    var carriersByLevel: [LevelCount]
    var copiesByLevelAndState: [LevelStateCount]
    var openFindingsByCheck: [CheckCount]
    var openFindingsByDepartment: [DepartmentCount]
    var inventoryCoverage: Coverage
    var months: [Month]

    init(_ figures: OverviewFigures) {
        today = figures.today
        levels = figures.levels
        totals = Totals(
            carriers: figures.carriers, copies: figures.copies(), liveCopies: figures.liveCopies,
            loansOut: figures.loansOut, loansOverdue: figures.loansOverdue, openFindings: figures.openFindings)
        carriersByLevel = figures.carriersByLevel.sorted { $0.level < $1.level }.map {
            LevelCount(level: $0.level, count: $0.count)
        }
        copiesByLevelAndState = figures.copiesByLevelAndState.sorted { ($0.level, $0.state) < ($1.level, $1.state) }
            .map { LevelStateCount(level: $0.level, state: $0.state, count: $0.count) }
        openFindingsByCheck = figures.openFindingsByCheck.map {
            CheckCount(check: $0.check, rule: $0.rule, count: $0.count)
        }
        openFindingsByDepartment = figures.openFindingsByDepartment.map {
            DepartmentCount(
                departmentID: $0.departmentID, name: $0.departmentID == nil ? "保密办" : $0.name ?? "", count: $0.count)
        }
        let coverage = figures.coverage
        inventoryCoverage = Coverage(
            departments: coverage.departments, departmentsCovered: coverage.departmentsCovered, places: coverage.places,
            placesCovered: coverage.placesCovered, percent: coverage.percent)
        months = figures.months.map {
            Month(
                month: $0.month, carriersRegistered: $0.carriersRegistered, copiesDestroyed: $0.copiesDestroyed,
                borrowingsIssued: $0.borrowingsIssued, findingsOpened: $0.findingsOpened)
        }
    }
}

/// `GET /api/v1/overview`: the figures of 保密工作总览 for leaders and the security office (issue #5, A2).
enum OverviewAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .GET, path: "overview", operationID: "getOverview", tag: "overview",
                summary:
                    "Dashboard figures 保密工作总览: carriers and copies by level and state, borrowings out and overdue, open findings by rule and department, inventory coverage, 12-month trends; counts only what the caller's clearance covers (A2)",
                responseSchema: "Overview"), on: routes, overview)
    }

    @Sendable static func overview(_ request: Request) async throws -> Response {
        try request.json(OverviewDTO(try await OverviewController.figures(request)))
    }
}
