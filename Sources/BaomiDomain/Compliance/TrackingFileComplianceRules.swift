import Foundation

/// What the tracking-file check reads (T10): the open files with the day of their latest entry.
public struct TrackingFileComplianceRecords: Sendable {
    public struct Open: Sendable {
        public var id: UUID
        public var personName: String
        public var projectCode: String
        public var departmentID: UUID?
        /// `YYYY-MM-DD` the file was opened.
        public var openedOn: String
        /// `YYYY-MM-DD` of its latest follow-up entry, if any.
        public var lastEntryOn: String?

        public init(
            id: UUID, personName: String, projectCode: String, departmentID: UUID?, openedOn: String,
            lastEntryOn: String?
        ) {
            self.id = id
            self.personName = personName
            self.projectCode = projectCode
            self.departmentID = departmentID
            self.openedOn = openedOn
            self.lastEntryOn = lastEntryOn
        }
    }

    public var open: [Open] = []

    public init() {}
}

/// 专档跟踪 (T10): a file kept open without a follow-up entry in the last `KeyProjectRules.followUpDays` days.
public enum TrackingFileComplianceRules {
    static func filesWithoutEntry(_ records: ComplianceRecords) -> [Finding] {
        records.trackingFiles.open.compactMap { file in
            let last = max(file.lastEntryOn ?? file.openedOn, file.openedOn)
            let due = SecrecyPeriod.day(last, plus: KeyProjectRules.followUpDays)
            guard due < records.today else { return nil }
            return Finding(
                check: .trackingFileStale, severity: .overdue,
                subject: FindingSubject(
                    type: "trackingFile", id: file.id, label: "专档 \(file.personName) · \(file.projectCode)"),
                responsiblePerson: nil, responsibleDepartment: file.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(file.personName)（\(file.projectCode)）的专档自 \(last) 起超过 "
                        + "\(KeyProjectRules.followUpDays) 天没有跟踪记录",
                    en: "\(file.personName)'s tracking file (\(file.projectCode)) has had no follow-up entry for more "
                        + "than \(KeyProjectRules.followUpDays) days, since \(last)"))
        }
    }
}
