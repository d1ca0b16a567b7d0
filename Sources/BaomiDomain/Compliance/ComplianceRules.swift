import Foundation

/// The compliance checks as pure functions over the current records (REMIND). Each yields the findings it sees
/// today; the engine opens what is new, updates what changed and closes what is no longer found.
public enum ComplianceRules {
    /// A borrowing is flagged this many days before it is due (L1.9).
    public static let loanWarningDays = 3
    /// A secrecy period is flagged this many days before it ends (C9).
    public static let periodWarningDays = 90
    /// An inventory is due a year after the last; flagged this many days before (C6).
    public static let inventoryWarningDays = 30
    /// An approved destruction batch or a re-marking task is overdue after this many days (C8, C9).
    public static let followUpDays = 30
    public static let retentionWarningDays = 7
    /// A request waits this many days for a decision before the security office is told (issue #14), unless the
    /// office configured another number.
    public static let approvalWaitingDays = 5

    public static func evaluate(
        _ check: ComplianceCheck, _ records: ComplianceRecords, levels: LevelCatalogue
    ) -> [Finding] {
        switch check {
        case .loanDue: loansDue(records)
        case .periodEnding: periodsEnding(records, levels: levels)
        case .inventoryDue: inventoriesDue(records)
        case .heldByLeaver: heldByLeavers(records)
        case .clearedLeaver: clearedLeavers(records)
        case .departmentWithoutOfficer: departmentsWithoutOfficer(records)
        case .retentionExpired: retentionsExpired(records)
        case .destructionPending: destructionsPending(records)
        case .remarkPending: remarksPending(records)
        case .placeBelowLevel: placesBelowLevel(records, levels: levels)
        case .dataConsistency: inconsistencies(records)
        case .backupMissing: backupsMissing(records)
        case .requestWaiting: requestsWaiting(records)
        case .refresherOverdue: TrainingRules.refreshersOverdue(records)
        case .inductionMissing: TrainingRules.inductionsMissing(records)
        case .prePostMissing: TrainingRules.prePostsMissing(records)
        case .onPostMissing: TrainingRules.onPostsMissing(records)
        case .plannedSessionLate: TrainingRules.plannedSessionsLate(records)
        case .briefingMissing: TrainingRules.briefingsMissing(records)
        case .reReviewDue: PostReviewRules.reviewsDue(records)
        case .priorObligationConflict: PostReviewRules.obligationsTouchingPosts(records)
        case .separationEnding: DepartureComplianceRules.separationsEnding(records)
        case .nonCompeteEnding: DepartureComplianceRules.nonCompetesEnding(records)
        case .departureStuck: DepartureComplianceRules.departuresStuck(records)
        case .agreementMissing: AgreementRules.agreementsMissing(records)
        case .agreementEnding: AgreementRules.agreementsEnding(records)
        case .remunerationUnpaid: AgreementRules.remunerationsUnpaid(records)
        case .debriefingMissing: TravelRules.debriefingsMissing(records)
        case .passportNotReturned: TravelRules.passportsNotReturned(records)
        case .trackingFileStale: TrackingFileComplianceRules.filesWithoutEntry(records)
        case .cooperationUncovered: CooperationComplianceRules.uncovered(records)
        case .cooperationEnding: CooperationComplianceRules.ending(records)
        }
    }

    /// The only subject of the backup check: the installation's data.
    public static let installation = UUID(uuidString: "B0000000-BA0B-4A00-8000-00000000BA0B") ?? UUID()

    /// Once an installation takes backups, a day without a good one, or a failed latest attempt, is a finding for
    /// the security office (S2): registers are kept for decades and a backup is what keeps them.
    static func backupsMissing(_ records: ComplianceRecords) -> [Finding] {
        guard let backups = records.backups, let now = records.now else { return [] }
        let stale = backups.lastSuccess.map { now.timeIntervalSince($0) > 26 * 3_600 } ?? true
        guard backups.latestFailed || stale else { return [] }
        let last = backups.lastSuccess.map { String(ISO8601DateFormatter().string(from: $0).prefix(10)) }
        return [
            Finding(
                check: .backupMissing, severity: .overdue,
                subject: FindingSubject(type: "installation", id: installation, label: "数据备份 / Backups"),
                explanation: backups.latestFailed
                    ? LocalizedText(
                        zh: "最近一次备份失败，请系统管理员查看审计日志并重新备份",
                        en: "The latest backup failed: the system administrator must look and back up again")
                    : LocalizedText(
                        zh: "已超过一天没有成功的备份（上次：\(last ?? "无")）",
                        en: "No successful backup for more than a day (last: \(last ?? "none"))"))
        ]
    }

    /// Every check, in catalogue order.
    public static func evaluateAll(_ records: ComplianceRecords, levels: LevelCatalogue) -> [Finding] {
        ComplianceCheck.allCases.flatMap { evaluate($0, records, levels: levels) }
    }

    static func loansDue(_ records: ComplianceRecords) -> [Finding] {
        let soon = SecrecyPeriod.day(records.today, plus: loanWarningDays)
        return records.openLoans.compactMap { loan in
            // Open loans are handed over and not back (`ComplianceRecordsLoader`).
            let overdue = LoanRules.isOverdue(issued: true, returned: false, returnDate: loan.due, today: records.today)
            guard overdue || loan.due <= soon else { return nil }
            return Finding(
                check: .loanDue, severity: overdue ? .overdue : .warning,
                subject: FindingSubject(type: "loan", id: loan.id, label: loan.copy.code),
                responsiblePerson: loan.borrowerID, responsibleDepartment: loan.copy.departmentID, due: loan.due,
                explanation: overdue
                    ? LocalizedText(
                        zh: "\(loan.borrowerName) 借阅的 \(loan.copy.code) 应于 \(loan.due) 归还，已逾期",
                        en: "\(loan.copy.code), borrowed by \(loan.borrowerName), was due back on \(loan.due)")
                    : LocalizedText(
                        zh: "\(loan.borrowerName) 借阅的 \(loan.copy.code) 将于 \(loan.due) 到期，请按时归还",
                        en: "\(loan.copy.code), borrowed by \(loan.borrowerName), is due back on \(loan.due)"))
        }
    }

    /// The day a carrier's period ends (C9), when it has one.
    public static func periodEnd(_ carrier: ComplianceRecords.ClassifiedCarrier, levels: LevelCatalogue) -> String? {
        carrier.period.endDay(
            classifiedOn: carrier.classifiedOn, maximumYears: levels.definition(carrier.level)?.maximumYears)
    }

    static func periodsEnding(_ records: ComplianceRecords, levels: LevelCatalogue) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: periodWarningDays)
        return records.classifiedCarriers.compactMap { carrier in
            guard let end = periodEnd(carrier, levels: levels), end <= horizon else { return nil }
            let ended = end < records.today
            return Finding(
                check: .periodEnding, severity: ended ? .overdue : .warning,
                subject: FindingSubject(type: "carrier", id: carrier.id, label: "\(carrier.number) \(carrier.title)"),
                responsibleDepartment: carrier.departmentID, due: end,
                explanation: ended
                    ? LocalizedText(
                        zh: "\(carrier.number) 的保密期限已于 \(end) 届满，尚未审核解密或延期",
                        en: "The secrecy period of \(carrier.number) ended on \(end) and has not been reviewed")
                    : LocalizedText(
                        zh: "\(carrier.number) 的保密期限将于 \(end) 届满，请审核解密、延期或变更",
                        en: "The secrecy period of \(carrier.number) ends on \(end): review it"))
        }
    }

    static func inventoriesDue(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: inventoryWarningDays)
        return records.keepers.compactMap { keeper in
            let due = keeper.lastInventory.map { adding(years: 1, to: $0) }
            if let due, due > horizon { return nil }
            let overdue = due.map { $0 < records.today } ?? true
            let what =
                keeper.kind == .department
                ? LocalizedText(zh: "部门", en: "Department") : LocalizedText(zh: "存放位置", en: "Place")
            return Finding(
                check: .inventoryDue, severity: overdue ? .overdue : .warning,
                subject: FindingSubject(type: keeper.kind.rawValue, id: keeper.id, label: keeper.name),
                responsiblePerson: keeper.custodianID, responsibleDepartment: keeper.departmentID, due: due,
                explanation: keeper.lastInventory.map { last in
                    LocalizedText(
                        zh: "\(what.zh)「\(keeper.name)」上次清查于 \(last)，每年至少清查一次",
                        en: "\(what.en) \(keeper.name) was last inventoried on \(last); once a year at least")
                }
                    ?? LocalizedText(
                        zh: "\(what.zh)「\(keeper.name)」存有涉密载体，从未清查",
                        en: "\(what.en) \(keeper.name) keeps copies and was never inventoried"))
        }
    }

    static func heldByLeavers(_ records: ComplianceRecords) -> [Finding] {
        records.heldByInactive.compactMap { held in
            guard held.holder.status != .active else { return nil }
            let left = held.holder.status == .departed
            return Finding(
                check: .heldByLeaver, severity: left ? .overdue : .warning,
                subject: FindingSubject(type: "copy", id: held.copy.id, label: held.copy.code),
                responsiblePerson: held.holder.id, responsibleDepartment: held.holder.departmentID,
                explanation: left
                    ? LocalizedText(
                        zh: "已离职的 \(held.holder.name) 仍持有 \(held.copy.code)，须收回",
                        en: "\(held.holder.name) has left and still holds \(held.copy.code): take it back")
                    : LocalizedText(
                        zh: "\(held.holder.name) 正在办理离岗离职，须先交回 \(held.copy.code)",
                        en: "\(held.holder.name) is leaving and must first return \(held.copy.code)"))
        }
    }

    static func clearedLeavers(_ records: ComplianceRecords) -> [Finding] {
        records.clearedInactive.compactMap { person in
            guard person.status != .active, person.postClass != .nonSecret else { return nil }
            let left = person.status == .departed
            return Finding(
                check: .clearedLeaver, severity: left ? .overdue : .warning,
                subject: FindingSubject(type: "person", id: person.id, label: person.name),
                responsibleDepartment: person.departmentID,
                explanation: LocalizedText(
                    zh: "\(person.name)\(left ? "已离职" : "正在办理离岗离职")，仍登记为\(person.postClass.title.zh)，须调整涉密岗位",
                    en:
                        "\(person.name) \(left ? "has left" : "is leaving") and still holds \(person.postClass.title.en): "
                        + "change the secret post"))
        }
    }

    static func departmentsWithoutOfficer(_ records: ComplianceRecords) -> [Finding] {
        records.departments.filter { $0.secrecyOfficers == 0 }.map { department in
            Finding(
                check: .departmentWithoutOfficer, severity: .overdue,
                subject: FindingSubject(type: "department", id: department.id, label: department.name),
                explanation: LocalizedText(
                    zh: "「\(department.name)」未指定兼职保密员", en: "\(department.name) has no secrecy officer"))
        }
    }

    static func retentionsExpired(_ records: ComplianceRecords) -> [Finding] {
        let soon = SecrecyPeriod.day(records.today, plus: retentionWarningDays)
        return records.retentions.compactMap { retention in
            guard retention.until <= soon else { return nil }
            let expired = retention.until < records.today
            return Finding(
                check: .retentionExpired, severity: expired ? .overdue : .warning,
                subject: FindingSubject(type: "copy", id: retention.copy.id, label: retention.copy.code),
                responsiblePerson: retention.retainerID, responsibleDepartment: retention.copy.departmentID,
                due: retention.until,
                explanation: LocalizedText(
                    zh: "\(retention.retainerName) 个人留存 \(retention.copy.code)（\(retention.requestNumber)）"
                        + (expired ? "已于 \(retention.until) 到期，须交回" : "将于 \(retention.until) 到期"),
                    en: "\(retention.retainerName)'s retention of \(retention.copy.code) (\(retention.requestNumber)) "
                        + (expired ? "ended on \(retention.until): return it" : "ends on \(retention.until)")))
        }
    }

    static func destructionsPending(_ records: ComplianceRecords) -> [Finding] {
        records.approvedDestructions.map { batch in
            let due = SecrecyPeriod.day(batch.approvedOn, plus: followUpDays)
            let overdue = due < records.today
            return Finding(
                check: .destructionPending, severity: overdue ? .overdue : .notice,
                subject: FindingSubject(type: "request", id: batch.id, label: batch.number), due: due,
                explanation: LocalizedText(
                    zh: "销毁批次 \(batch.number)（\(batch.copies) 份）已于 \(batch.approvedOn) 批准，尚未完成销毁和监销确认",
                    en: "Destruction batch \(batch.number) (\(batch.copies) copies), approved on \(batch.approvedOn), "
                        + "is not yet destroyed and confirmed"))
        }
    }

    /// No request waits for nobody, nor for ever: one waiting past the configured days is a finding for the security
    /// office (A6).
    static func requestsWaiting(_ records: ComplianceRecords) -> [Finding] {
        records.waitingRequests.compactMap { request in
            let due = SecrecyPeriod.day(request.approvedOn, plus: records.approvalWaitingDays)
            guard due < records.today else { return nil }
            return Finding(
                check: .requestWaiting, severity: .overdue,
                subject: FindingSubject(type: "request", id: request.id, label: request.number), due: due,
                explanation: LocalizedText(
                    zh: "申请 \(request.number) 自 \(request.approvedOn) 起等待审批，已超过 \(records.approvalWaitingDays) 天",
                    en: "Request \(request.number) has waited for a decision since \(request.approvedOn), more than "
                        + "\(records.approvalWaitingDays) days"))
        }
    }

    static func remarksPending(_ records: ComplianceRecords) -> [Finding] {
        records.openRemarkTasks.map { task in
            let due = SecrecyPeriod.day(task.createdOn, plus: followUpDays)
            let label = task.copyCode ?? task.carrierNumber
            return Finding(
                check: .remarkPending, severity: due < records.today ? .overdue : .notice,
                subject: FindingSubject(type: "task", id: task.id, label: label), responsiblePerson: task.personID,
                responsibleDepartment: task.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(label) 的密级或期限已变更，须按新标志重新标注", en: "\(label) changed level or period: re-mark it"))
        }
    }

    /// Whether a copy of `level` may not be kept in a place rated up to `limit` (C6). A place rated for state
    /// secrets may keep commercial and work secrets; the other way round it may not.
    public static func exceeds(_ level: LevelDefinition, _ limit: LevelDefinition) -> Bool {
        level.regime == limit.regime ? level.rank > limit.rank : level.regime == .state
    }

    /// For each place rating, the copy levels that may not be kept there: storage reads only those copies.
    public static func levelsExceeding(_ levels: LevelCatalogue) -> [(placeLevel: LevelID, copyLevels: [LevelID])] {
        levels.levels.compactMap { limit in
            let above = levels.levels.filter { exceeds($0, limit) }.map(\.id)
            return above.isEmpty ? nil : (limit.id, above)
        }
    }

    static func placesBelowLevel(_ records: ComplianceRecords, levels: LevelCatalogue) -> [Finding] {
        records.placedAboveLimit.compactMap { placed in
            // A copy an earlier version let into an office or a reading room: a place of use keeps nothing (C6).
            if let kind = placed.placeKind, !kind.isForKeeping {
                return Finding(
                    check: .placeBelowLevel, severity: .overdue,
                    subject: FindingSubject(type: "copy", id: placed.copy.id, label: placed.copy.code),
                    responsiblePerson: placed.custodianID, responsibleDepartment: placed.placeDepartmentID,
                    explanation: LocalizedText(
                        zh: "\(placed.copy.code) 存放于「\(placed.placeName)」（\(kind.title.zh)，阅办场所，不存放载体），"
                            + "须移入密码文件柜、保险柜或专库",
                        en:
                            "\(placed.copy.code) is kept in \(placed.placeName) (\(kind.title.en.lowercased()), a place "
                            + "of use, not of storage): move it into a cabinet, safe or vault"))
            }
            guard let level = levels.definition(placed.level), let limit = levels.definition(placed.placeLevel),
                exceeds(level, limit)
            else { return nil }
            return Finding(
                check: .placeBelowLevel, severity: .overdue,
                subject: FindingSubject(type: "copy", id: placed.copy.id, label: placed.copy.code),
                responsiblePerson: placed.custodianID, responsibleDepartment: placed.placeDepartmentID,
                explanation: LocalizedText(
                    zh: "\(level.name.zh)级 \(placed.copy.code) 存放于「\(placed.placeName)」（最高\(limit.name.zh)），须移至相应等级的位置",
                    en: "\(level.name.en) \(placed.copy.code) is kept in \(placed.placeName) (up to \(limit.name.en)): "
                        + "move it"))
        }
    }

    static func inconsistencies(_ records: ComplianceRecords) -> [Finding] {
        records.holderMissing.map { copy in
            Finding(
                check: .dataConsistency, severity: .overdue,
                subject: FindingSubject(type: "copy", id: copy.id, label: copy.code),
                responsibleDepartment: copy.departmentID,
                explanation: LocalizedText(
                    zh: "\(copy.code) 登记的持有人不存在", en: "The recorded holder of \(copy.code) does not exist"))
        }
            + records.withoutHistory.map { copy in
                Finding(
                    check: .dataConsistency, severity: .overdue,
                    subject: FindingSubject(type: "copy", id: copy.id, label: copy.code),
                    responsibleDepartment: copy.departmentID,
                    explanation: LocalizedText(
                        zh: "\(copy.code) 没有任何流转记录", en: "\(copy.code) has no lifecycle history"))
            }
    }

    /// `YYYY-MM-DD` plus whole years; 29 February falls back to the 28th.
    public static func adding(years: Int, to day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        let year = parts[0] + years
        var dayOfMonth = parts[2]
        if parts[1] == 2 && dayOfMonth == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
            dayOfMonth = 28
        }
        return "\(year.zeroPadded(4))-\(parts[1].zeroPadded(2))-\(dayOfMonth.zeroPadded(2))"
    }
}
