import Foundation

/// What the cooperation checks read (T23): every contract not yet ended.
public struct CooperationComplianceRecords: Sendable {
    public struct Contract: Sendable {
        public var id: UUID
        public var partnerName: String
        /// `LevelID` raw value; nil: no secrets involved.
        public var level: String?
        public var coverage: SecrecyCoverage
        public var startsOn: String
        public var endsOn: String
        public var departmentID: UUID?

        public init(
            id: UUID, partnerName: String, level: String?, coverage: SecrecyCoverage, startsOn: String,
            endsOn: String, departmentID: UUID?
        ) {
            self.id = id
            self.partnerName = partnerName
            self.level = level
            self.coverage = coverage
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.departmentID = departmentID
        }
    }

    public var running: [Contract] = []

    public init() {}
}

/// 外协保密 (T23): secret cooperation started without a secrecy agreement or clause, and contracts about to end.
public enum CooperationComplianceRules {
    static func uncovered(_ records: ComplianceRecords) -> [Finding] {
        records.cooperation.running.compactMap { contract in
            guard
                CooperationRules.isUncovered(
                    level: contract.level, coverage: contract.coverage, startsOn: contract.startsOn,
                    today: records.today)
            else { return nil }
            return Finding(
                check: .cooperationUncovered, severity: .overdue, subject: subject(contract), responsiblePerson: nil,
                responsibleDepartment: contract.departmentID, due: contract.startsOn,
                explanation: LocalizedText(
                    zh: "与\(contract.partnerName)的涉密合作自 \(contract.startsOn) 开始，尚未签订保密协议或订立保密条款",
                    en: "Secret cooperation with \(contract.partnerName) began on \(contract.startsOn) without a "
                        + "secrecy agreement or confidentiality clause"))
        }
    }

    static func ending(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: CooperationRules.endingNoticeDays)
        return records.cooperation.running.compactMap { contract in
            guard contract.level != nil, contract.endsOn >= records.today, contract.endsOn <= horizon else {
                return nil
            }
            return Finding(
                check: .cooperationEnding, severity: .notice, subject: subject(contract), responsiblePerson: nil,
                responsibleDepartment: contract.departmentID, due: contract.endsOn,
                explanation: LocalizedText(
                    zh: "与\(contract.partnerName)的涉密合作合同将于 \(contract.endsOn) 到期，续签时须同时落实保密约定",
                    en: "The secret cooperation contract with \(contract.partnerName) ends on \(contract.endsOn); a "
                        + "renewal needs its secrecy coverage too"))
        }
    }

    private static func subject(_ contract: CooperationComplianceRecords.Contract) -> FindingSubject {
        FindingSubject(type: "cooperationContract", id: contract.id, label: "合作合同 \(contract.partnerName)")
    }
}
