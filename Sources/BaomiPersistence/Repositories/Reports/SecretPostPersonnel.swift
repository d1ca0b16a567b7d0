import BaomiDomain
import FluentKit
import Foundation

/// 涉密人员台账 (LEDGERS.md, A2, A7): everyone in a secret post, and everyone still in their 脱密期, with the class,
/// the day it was decided (from the clearance history) and the 脱密期 end.
public struct SecretPostPersonnel: Sendable {
    public struct Entry: Sendable, Hashable {
        public var personID: UUID
        public var name: String
        public var employeeNumber: String
        public var departmentID: UUID
        public var departmentName: String
        public var post: String
        /// The class held now; for a person in 脱密期, the class they left.
        public var postClass: SecretPostClass
        /// When the class was granted, or, in 脱密期, when the post ended.
        public var since: Date?
        public var status: PersonStatus
        public var inSeparationPeriod: Bool
        public var separationUntil: String?
        /// 最近培训日期 and whether the pre-post training and the annual refresher count today (E1, E6.6(3)).
        public var training: TrainingStanding
        /// 复审日期: the last re-review (A2); nil when none yet.
        public var lastReviewedOn: String?
        /// 保密承诺书签订日期: the day the leader's commitment (L1.1), or for anyone else the IP protection agreement
        /// (T8), took effect; nil when none is in force.
        public var commitmentSignedOn: String?
        /// 出境证件管理: where the person's travel documents are; nil when none is registered (A7).
        public var travelDocuments: DocumentCustody?
    }

    /// nil: every department; otherwise only these (T5.2).
    public var departments: Set<UUID>?
    /// `YYYY-MM-DD`: a 脱密期 ending before today is over.
    public var today: String
    public var limit: Int
    /// How long a pre-post credit counts (`TrainingPolicy`).
    public var prePostValidityMonths: Int

    public init(
        departments: Set<UUID>?, today: String, limit: Int,
        prePostValidityMonths: Int = TrainingGate.defaultValidityMonths
    ) {
        self.departments = departments
        self.today = today
        self.limit = limit
        self.prePostValidityMonths = prePostValidityMonths
    }

    public func entries(on database: any Database) async throws -> [Entry] {
        if departments?.isEmpty == true { return [] }
        let query = PersonModel.query(on: database).with(\.$department)
            .group(.or) { either in
                either.filter(\.$postClass != SecretPostClass.nonSecret.rawValue)
                either.filter(\.$separationUntil >= today)
            }
        if let departments { query.filter(\.$department.$id ~~ Array(departments)) }
        let people = try await query.sort(\.$employeeNumber).limit(max(1, limit)).all()
        // The page's columns come from six tables, each through its person index; asked together, not in turn.
        let ids = people.compactMap(\.id)
        let leaders = Set(people.filter(\.isLeader).compactMap(\.id))
        async let history = ClearanceChangeModel.query(on: database)
            .filter(\.$person.$id ~~ ids).sort(\.$changedAt, .descending).all()
        async let latestCredits = Self.latestCredits(of: ids, on: database)
        async let lastReviews = Self.lastReviews(of: ids, on: database)
        async let commitmentDays = Self.commitmentDays(of: ids, leaders: leaders, on: database)
        async let custody = TravelDocumentRepository.custody(of: ids, on: database)
        async let postNames = PostHistory.currentPostNames(of: ids, on: database)
        let changes = Dictionary(grouping: try await history, by: { $0.$person.id })
        let (latest, reviewed, signed) = (try await latestCredits, try await lastReviews, try await commitmentDays)
        let (documents, posts) = (try await custody, try await postNames)
        return people.compactMap { person in
            guard let id = person.id else { return nil }
            let current = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
            let newestFirst = changes[id] ?? []
            let separating = current == .nonSecret
            var postClass = current
            var since: Date?
            if separating {
                // The post ended with the newest change; the class left is the one before it.
                since = newestFirst.first?.changedAt
                postClass =
                    newestFirst.lazy.compactMap { SecretPostClass(rawValue: $0.postClass) }.first { $0 != .nonSecret }
                    ?? .nonSecret
            } else {
                // The class has been held since the oldest change of the newest unbroken run of it.
                since = newestFirst.prefix { $0.postClass == person.postClass }.last?.changedAt
            }
            return Entry(
                personID: id, name: person.name, employeeNumber: person.employeeNumber,
                departmentID: person.$department.id, departmentName: person.department.name,
                post: posts[id] ?? person.post,
                postClass: postClass, since: since, status: PersonStatus(rawValue: person.status) ?? .active,
                inSeparationPeriod: separating, separationUntil: person.separationUntil,
                training: TrainingStanding(
                    latest: latest[id] ?? [:], today: today, prePostValidityMonths: prePostValidityMonths),
                lastReviewedOn: reviewed[id], commitmentSignedOn: signed[id], travelDocuments: documents[id])
        }
    }

    /// The 保密承诺书签订日期 of each person on the page, in one statement over the agreements' person index: a leader's
    /// commitment (L1.1), anyone else's IP protection agreement (T8), the newest in force.
    static func commitmentDays(
        of ids: [UUID], leaders: Set<UUID>, on database: any Database
    ) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await PersonAgreementModel.query(on: database).filter(\.$person.$id ~~ ids)
            .filter(\.$kind ~~ [AgreementKind.commitment.rawValue, AgreementKind.ipProtection.rawValue])
            .filter(\.$state == AgreementState.inForce.rawValue)
            .field(\.$person.$id).field(\.$kind).field(\.$inForceFrom).all()
        var days: [UUID: String] = [:]
        for row in rows {
            let wanted: AgreementKind = leaders.contains(row.$person.id) ? .commitment : .ipProtection
            guard row.kind == wanted.rawValue, let day = row.inForceFrom else { continue }
            if day > days[row.$person.id, default: ""] { days[row.$person.id] = day }
        }
        return days
    }

    /// The newest credit per purpose of each person on the page, in one grouped statement over the credits' index.
    static func latestCredits(
        of people: [UUID], on database: any Database
    ) async throws -> [UUID: [TrainingPurpose: String]] {
        guard !people.isEmpty else { return [:] }
        let rows = try await TrainingCreditModel.query(on: database).filter(\.$person.$id ~~ people)
            .field(\.$person.$id).field(\.$purpose).field(\.$earnedOn).all()
        var latest: [UUID: [TrainingPurpose: String]] = [:]
        for row in rows {
            guard let purpose = TrainingPurpose(rawValue: row.purpose) else { continue }
            if row.earnedOn > latest[row.$person.id, default: [:]][purpose, default: ""] {
                latest[row.$person.id, default: [:]][purpose] = row.earnedOn
            }
        }
        return latest
    }

    /// The last re-review of each person on the page, through `clearance_reviews_by_person`.
    static func lastReviews(of people: [UUID], on database: any Database) async throws -> [UUID: String] {
        guard !people.isEmpty else { return [:] }
        let rows = try await ClearanceReviewModel.query(on: database).filter(\.$person.$id ~~ people)
            .field(\.$person.$id).field(\.$reviewedOn).all()
        var last: [UUID: String] = [:]
        for row in rows where row.reviewedOn > last[row.$person.id, default: ""] {
            last[row.$person.id] = row.reviewedOn
        }
        return last
    }
}
