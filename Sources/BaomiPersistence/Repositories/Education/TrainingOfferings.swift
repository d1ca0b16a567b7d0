import BaomiDomain
import FluentKit
import Foundation

/// One kind of thing that can earn a credit of a purpose: upcoming sessions and open exams
/// (`TrainingOfferings.sources`).
public protocol TrainingOfferingSource: Sendable {
    func offerings(
        for purpose: TrainingPurpose, today: String, on database: any Database
    ) async throws -> [TrainingOffering]
}

/// What would satisfy a training duty: the gate's refusal and the pages name these (E6.6(3)). A new kind of
/// evidence adds its source to `sources`.
public struct TrainingOfferings: Sendable {
    public var sources: [any TrainingOfferingSource]

    /// Every kind of evidence that earns credits: a new one (open exams) is added here, once.
    public static var standardSources: [any TrainingOfferingSource] { [UpcomingSessions(), OpenExams()] }

    public init(sources: [any TrainingOfferingSource] = TrainingOfferings.standardSources) {
        self.sources = sources
    }

    /// Every source's offerings for `purpose`, soonest first.
    public func offerings(
        for purpose: TrainingPurpose, today: String, on database: any Database
    ) async throws -> [TrainingOffering] {
        var all: [TrainingOffering] = []
        for source in sources {
            all += try await source.offerings(for: purpose, today: today, on: database)
        }
        return all.sorted { ($0.on, $0.title) < ($1.on, $1.title) }
    }
}

/// Sessions of the purpose held today or later: someone can still attend them.
public struct UpcomingSessions: TrainingOfferingSource {
    public init() {}

    public func offerings(
        for purpose: TrainingPurpose, today: String, on database: any Database
    ) async throws -> [TrainingOffering] {
        try await TrainingSessionModel.query(on: database)
            .filter(\.$purpose == purpose.rawValue)
            .filter(\.$heldOn >= today)
            .sort(\.$heldOn).limit(20).all()
            .map { TrainingOffering(kind: .session, id: try $0.requireID(), title: $0.title, on: $0.heldOn) }
    }
}

/// Exams of the purpose still open (closing today or later): passing one earns the credit (E6.2, E6.6(3)).
public struct OpenExams: TrainingOfferingSource {
    public init() {}

    public func offerings(
        for purpose: TrainingPurpose, today: String, on database: any Database
    ) async throws -> [TrainingOffering] {
        try await ExamModel.query(on: database)
            .filter(\.$purpose == purpose.rawValue)
            .sort(\.$closesAt).all()
            .compactMap { exam in
                let lastDay = ClearanceRepository.today(exam.closesAt)
                guard lastDay >= today else { return nil }
                return TrainingOffering(kind: .exam, id: try exam.requireID(), title: exam.title, on: lastDay)
            }
            .prefix(20).map { $0 }
    }
}
