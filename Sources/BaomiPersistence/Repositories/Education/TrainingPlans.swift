import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Annual education plans and their planned sessions (E6.1): organising education, year after year, is the
/// organisation's duty (E3); and what a year's sessions covered (E5).
public struct TrainingPlans: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    @discardableResult
    public func createPlan(
        year: Int, departmentID: UUID?, title: String, by actor: AuditActor, on database: any Database
    ) async throws -> TrainingPlanModel {
        try await store.perform(on: database, by: actor, .trainingPlan) { transaction, trail in
            var validator = FieldValidator()
            let title = validator.required(title, field: "title", label: LocalizedText(zh: "计划名称", en: "Title"))
            if !(2000...9999).contains(year) { validator.add(field: "year", zh: "年度无效", en: "Not a year") }
            if let departmentID, try await OrgUnitModel.find(departmentID, on: transaction) == nil {
                validator.add(field: "departmentID", zh: "部门不存在", en: "No such department")
            }
            try validator.check()
            let plan = TrainingPlanModel()
            plan.year = year
            plan.$department.id = departmentID
            plan.title = title
            plan.createdBy = actor.name
            plan.createdAt = clock()
            try await plan.create(on: transaction)
            trail.subject = AuditSubject(type: "trainingPlan", id: try plan.requireID().uuidString, label: title)
            return plan
        }
    }

    @discardableResult
    public func addSession(
        to planID: UUID, month: Int, title: String, purpose: TrainingPurpose, audience: String, areas: [ContentArea],
        by actor: AuditActor, on database: any Database
    ) async throws -> PlannedSessionModel {
        try await store.perform(
            on: database, by: actor, .trainingPlan, subject: AuditSubject(type: "trainingPlan", id: planID.uuidString)
        ) { transaction, trail in
            guard try await TrainingPlanModel.find(planID, on: transaction) != nil else {
                throw DomainError.notFound(zh: "计划不存在", en: "No such plan")
            }
            var validator = FieldValidator()
            let title = validator.required(title, field: "title", label: LocalizedText(zh: "主题", en: "Subject"))
            let audience = validator.required(
                audience, field: "audience", label: LocalizedText(zh: "对象", en: "Audience"))
            if !(1...12).contains(month) {
                validator.add(field: "month", rule: RuleID("E6.1"), zh: "月份须为 1 到 12", en: "Month is 1 to 12")
            }
            if areas.isEmpty {
                validator.add(
                    field: "areas", rule: RuleID("E5"), zh: "请至少选择一个内容类别", en: "Choose at least one content area")
            }
            try validator.check()
            let planned = PlannedSessionModel()
            planned.$plan.id = planID
            planned.month = month
            planned.title = title
            planned.purpose = purpose.rawValue
            planned.audience = audience
            planned.areas = TrainingSessionModel.text(areas)
            try await planned.create(on: transaction)
            trail.note("month", String(month))
            trail.note("title", title)
            return planned
        }
    }

    public func plans(year: Int, on database: any Database) async throws -> [TrainingPlanModel] {
        try await TrainingPlanModel.query(on: database).filter(\.$year == year).sort(\.$createdAt).all()
    }

    public func sessions(of planID: UUID, on database: any Database) async throws -> [PlannedSessionModel] {
        try await PlannedSessionModel.query(on: database).filter(\.$plan.$id == planID).sort(\.$month).all()
    }

    /// "plan · N月 · title", as a held session names the planned session it answers; nil when there is none.
    public static func label(ofPlannedSession id: UUID, on database: any Database) async throws -> String? {
        guard let planned = try await PlannedSessionModel.find(id, on: database),
            let plan = try await TrainingPlanModel.find(planned.$plan.id, on: database)
        else { return nil }
        return label(planned, of: plan)
    }

    static func label(_ planned: PlannedSessionModel, of plan: TrainingPlanModel) -> String {
        "\(plan.title) · \(planned.month)月 · \(planned.title)"
    }

    /// The planned sessions of a year a held session may answer, by plan and month, each with its label.
    public func choices(year: Int, on database: any Database) async throws -> [(id: UUID, label: String)] {
        var choices: [(id: UUID, label: String)] = []
        for plan in try await plans(year: year, on: database) {
            guard let planID = plan.id else { continue }
            for planned in try await sessions(of: planID, on: database) {
                if let id = planned.id { choices.append((id, Self.label(planned, of: plan))) }
            }
        }
        return choices
    }
}
