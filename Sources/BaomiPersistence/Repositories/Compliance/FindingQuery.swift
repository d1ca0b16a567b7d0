import BaomiDomain
import FluentKit
import Foundation

/// A page of findings as one person may see them (REMIND): their own; a secrecy officer also their
/// departments'; the security office all of them.
public struct FindingQuery: Sendable, Hashable {
    /// nil: open and closed; true: open only (the default); false: closed only, as history.
    public var open: Bool? = true
    public var checks: [ComplianceCheck] = []
    public var severities: [FindingSeverity] = []
    public var department: UUID?
    /// Who is looking: nil sees everything (the security office, the command line).
    public var viewer: FindingViewer?
    public var offset = 0
    public var limit = 50

    public init() {}

    public func count(on database: any Database) async throws -> Int {
        try await filtered(on: database).count()
    }

    public func run(on database: any Database) async throws -> (rows: [FindingModel], total: Int) {
        let query = try filtered(on: database)
        let total = try await query.count()
        let rows = try await filtered(on: database)
            .sort(\.$isOpen, .descending).sort(\.$severity, .descending).sort(\.$due).sort(\.$openedAt, .descending)
            .range(max(0, offset)..<(max(0, offset) + max(1, min(limit, 500)))).all()
        return (Self.ordered(rows), total)
    }

    /// Severity as stored sorts by name; the page wants 逾期, 预警, 提示.
    static func ordered(_ rows: [FindingModel]) -> [FindingModel] {
        rows.sorted { lhs, rhs in
            if lhs.isOpen != rhs.isOpen { return lhs.isOpen }
            let left = FindingSeverity(rawValue: lhs.severity) ?? .notice
            let right = FindingSeverity(rawValue: rhs.severity) ?? .notice
            if left != right { return left > right }
            return (lhs.due ?? "9999") < (rhs.due ?? "9999")
        }
    }

    private func filtered(on database: any Database) throws -> QueryBuilder<FindingModel> {
        let query = FindingModel.query(on: database)
        if let open { query.filter(\.$isOpen == open) }
        if !checks.isEmpty { query.filter(\.$check ~~ checks.map(\.rawValue)) }
        if !severities.isEmpty { query.filter(\.$severity ~~ severities.map(\.rawValue)) }
        if let department { query.filter(\.$departmentID == department) }
        if let viewer, let departments = viewer.departments {
            let departments = Array(departments)
            let person = viewer.personID
            query.group(.or) { either in
                if let person { either.filter(\.$personID == person) }
                if !departments.isEmpty { either.filter(\.$departmentID ~~ departments) }
                if person == nil && departments.isEmpty { either.filter(\.$id == UUID()) }
            }
        }
        return query
    }
}

/// Whose findings a person sees: the ones naming them, and those of the departments they look after (nil: all).
public struct FindingViewer: Sendable, Hashable {
    public var personID: UUID?
    public var departments: Set<UUID>?

    public init(personID: UUID?, departments: Set<UUID>?) {
        self.personID = personID
        self.departments = departments
    }
}
