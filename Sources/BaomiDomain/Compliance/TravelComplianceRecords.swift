import Foundation

/// What the travel checks read (A7): approved trips back in the country without a debriefing, and passports the
/// unit lent that have not come back, with the configured days.
public struct TravelComplianceRecords: Hashable, Sendable {
    public struct Trip: Hashable, Sendable {
        public var requestID: UUID
        public var number: String
        public var travellerID: UUID
        public var travellerName: String
        public var departmentID: UUID?
        /// `YYYY-MM-DD`.
        public var returnDate: String

        public init(
            requestID: UUID, number: String, travellerID: UUID, travellerName: String, departmentID: UUID?,
            returnDate: String
        ) {
            self.requestID = requestID
            self.number = number
            self.travellerID = travellerID
            self.travellerName = travellerName
            self.departmentID = departmentID
            self.returnDate = returnDate
        }
    }

    public struct LentDocument: Hashable, Sendable {
        public var documentID: UUID
        public var kind: TravelDocumentKind
        public var holderID: UUID
        public var holderName: String
        public var departmentID: UUID?
        /// `YYYY-MM-DD`: the trip's return plus the configured days.
        public var dueBack: String

        public init(
            documentID: UUID, kind: TravelDocumentKind, holderID: UUID, holderName: String, departmentID: UUID?,
            dueBack: String
        ) {
            self.documentID = documentID
            self.kind = kind
            self.holderID = holderID
            self.holderName = holderName
            self.departmentID = departmentID
            self.dueBack = dueBack
        }
    }

    /// Approved trips whose return day has passed and that have no debriefing yet.
    public var undebriefed: [Trip] = []
    /// Documents out of the unit's keeping.
    public var lent: [LentDocument] = []
    public var debriefingDays = TravelRules.defaultDebriefingDays

    public init() {}
}

extension TravelRules {
    /// A7: a trip back in the country more than the configured days without its 回国汇报.
    static func debriefingsMissing(_ records: ComplianceRecords) -> [Finding] {
        let days = records.travel.debriefingDays
        return records.travel.undebriefed.compactMap { trip in
            let due = debriefingDue(returnDate: trip.returnDate, days: days)
            guard due < records.today else { return nil }
            return Finding(
                check: .debriefingMissing, severity: .overdue,
                subject: FindingSubject(type: "request", id: trip.requestID, label: trip.number),
                responsiblePerson: trip.travellerID, responsibleDepartment: trip.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(trip.travellerName) 出境（\(trip.number)）应于 \(trip.returnDate) 回国，\(days) 天内未作回国汇报",
                    en: "\(trip.travellerName) was due back on \(trip.returnDate) (\(trip.number)) and has not been "
                        + "debriefed within \(days) days"))
        }
    }

    /// A7: a passport the unit lent for a trip not back by the return plus the configured days.
    static func passportsNotReturned(_ records: ComplianceRecords) -> [Finding] {
        records.travel.lent.compactMap { document in
            guard document.dueBack < records.today else { return nil }
            return Finding(
                check: .passportNotReturned, severity: .overdue,
                subject: FindingSubject(
                    type: "travelDocument", id: document.documentID,
                    label: "\(document.holderName) \(document.kind.title.zh)"),
                responsiblePerson: document.holderID, responsibleDepartment: document.departmentID,
                due: document.dueBack,
                explanation: LocalizedText(
                    zh: "\(document.holderName) 借出的\(document.kind.title.zh)应于 \(document.dueBack) 前交回单位保管，尚未交回",
                    en: "\(document.holderName)'s \(document.kind.title.en.lowercased()) was due back in the unit's "
                        + "keeping by \(document.dueBack)"))
        }
    }
}
