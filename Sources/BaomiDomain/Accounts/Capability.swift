/// What an account may do. Every route asks `AccessPolicy.decide(roles:capability:)` before it acts, so the
/// separation of the three administrators (S1) lives in this one table.
public enum Capability: String, CaseIterable, Hashable, Sendable {
    /// Create, disable and reset accounts (系统管理员).
    case manageAccounts
    /// Maintain the org-unit tree and people's basic data (系统管理员).
    case manageOrganisation
    /// See the org-unit tree and people (everyone who works with them).
    case viewOrganisation
    /// Designate the working group, managing department and secrecy officers (T4; 保密办).
    case manageSecrecyOrganisation
    /// Edit system settings: password policy, timeouts, second factor (系统管理员).
    case manageSettings
    /// Assign roles to accounts (安全保密管理员).
    case manageRoles
    /// Lift a lockout (安全保密管理员).
    case unlockAccounts
    /// Read the audit records of the administrators (安全审计员).
    case readAdministratorAudit
    /// Read the audit records of ordinary users (安全保密管理员).
    case readUserAudit
    /// Verify the audit log (安全审计员).
    case verifyAudit
    /// Edit the level catalogue and authorise classifying officials (安全保密管理员; A1, T5.1).
    case manageLevels
    /// Grant, change and withdraw secret posts, and say what each class may access (安全保密管理员; A2, A4, A7).
    case manageClearances
    /// See carriers, copies and ledgers — each one only as the access decision allows (A2, A3).
    case viewCarriers
    /// Ask to borrow a copy or take it out of the office, and return it (A6, C4).
    case borrowCarriers
    /// Register carriers and record their lifecycle steps (C0–C10).
    case manageCarriers
    /// Maintain storage places and projects (C6, A1; 保密办).
    case manageStoragePlaces
    /// See requests and decide the steps their roles hold (DESIGN principle 5).
    case decideRequests
    /// 合规提醒: one's own findings; an officer's departments'; the office's all (REMIND).
    case viewFindings
    /// 保密工作总览: the dashboard of figures and trends for leaders and the security office.
    case viewOverview
    /// 报表: the standard ledgers for print and Excel, and the annual self-inspection report.
    case viewReports
    /// 题库与考试: keep the question bank, set exams and read their results (E6.2; 保密办, and 部门保密员 for their
    /// departments' people).
    case manageExams
    /// 我的考试: take the exams one's department is set (E6.2; every member of staff with a business role).
    case takeExams
    /// 保密教育: record sessions, attendance, plans and the calendar (E5–E6.7; 保密办 and 部门保密员).
    case manageTraining
    /// See sessions, plans, coverage and everyone's training record (E1–E4).
    case viewTraining
    /// 离岗离职: start a person's departure, sign off the returned items, record the letters' delivery, see the
    /// 脱密期 and 竞业限制 lists (T22, T12, T11, A7; 保密办, 部门保密员 for their department, 人事部门).
    case manageDepartures
    /// 保密协议: keep the agreement texts and record people's agreements, signatures, scans and allowances (T8, T9,
    /// T15, L1.1; 保密办).
    case manageAgreements
    /// See agreements and the 保密协议台账: the office all, a secrecy officer or leader their departments' (T8, T15).
    case viewAgreements
    /// 出境审批: ask for one's own trip abroad (A7; every member of staff with a business role).
    case requestTravel
    /// 出境与证件管理: record briefings and debriefings, keep and lend the unit's passports, file travel and former
    /// staff requests for others (A7, L1.7, T14; 保密办).
    case manageTravel
    /// 涉密岗位: keep the register of secret posts of each department (A2, T9; 保密办).
    case managePosts
    /// See the register of secret posts and who holds them (保密办, 人事部门, 安全保密管理员).
    case viewPosts
    /// 申请上岗/调岗: ask for a person to be put on a secret post (A2, T9; 保密办, 人事部门).
    case proposePosts
    /// 重点项目与专档: mark key projects and their end, see their members, record leaving without consent, keep the
    /// tracking files (T10; 保密办).
    case trackKeyProjects

    public var title: LocalizedText {
        switch self {
        case .manageAccounts: LocalizedText(zh: "管理账号", en: "manage accounts")
        case .manageOrganisation: LocalizedText(zh: "维护组织机构和人员", en: "maintain the organisation and people")
        case .viewOrganisation: LocalizedText(zh: "查看组织机构和人员", en: "view the organisation and people")
        case .manageSecrecyOrganisation:
            LocalizedText(zh: "指定保密工作小组和保密员", en: "designate the working group and secrecy officers")
        case .manageSettings: LocalizedText(zh: "修改系统参数", en: "change system settings")
        case .manageRoles: LocalizedText(zh: "分配角色", en: "assign roles")
        case .unlockAccounts: LocalizedText(zh: "解锁账号", en: "unlock accounts")
        case .readAdministratorAudit: LocalizedText(zh: "查看管理员审计记录", en: "read administrators' audit records")
        case .readUserAudit: LocalizedText(zh: "查看用户审计记录", en: "read users' audit records")
        case .verifyAudit: LocalizedText(zh: "校验审计日志", en: "verify the audit log")
        case .manageLevels: LocalizedText(zh: "维护密级与定密授权", en: "maintain levels and classifying officials")
        case .manageClearances: LocalizedText(zh: "管理涉密岗位", en: "manage secret posts")
        case .viewCarriers: LocalizedText(zh: "查看涉密载体", en: "view classified carriers")
        case .borrowCarriers: LocalizedText(zh: "借阅和外带涉密载体", en: "borrow and carry out carriers")
        case .manageCarriers: LocalizedText(zh: "登记和管理涉密载体", en: "register and manage classified carriers")
        case .manageStoragePlaces: LocalizedText(zh: "维护存放位置和涉密项目", en: "maintain storage places and projects")
        case .decideRequests: LocalizedText(zh: "查看和审批申请", en: "see and decide requests")
        case .viewFindings: LocalizedText(zh: "查看合规提醒", en: "see compliance findings")
        case .viewOverview: LocalizedText(zh: "查看保密工作总览", en: "see the secrecy overview")
        case .viewReports: LocalizedText(zh: "查看和导出报表", en: "see and export reports")
        case .manageExams: LocalizedText(zh: "管理题库和考试", en: "manage the question bank and exams")
        case .takeExams: LocalizedText(zh: "参加考试", en: "take exams")
        case .manageTraining: LocalizedText(zh: "管理保密教育培训", en: "manage secrecy education")
        case .viewTraining: LocalizedText(zh: "查看保密教育培训", en: "see secrecy education")
        case .manageDepartures: LocalizedText(zh: "办理离岗离职", en: "handle departures")
        case .manageAgreements: LocalizedText(zh: "管理保密协议", en: "manage secrecy agreements")
        case .viewAgreements: LocalizedText(zh: "查看保密协议", en: "see secrecy agreements")
        case .requestTravel: LocalizedText(zh: "申请出境", en: "ask to travel abroad")
        case .manageTravel: LocalizedText(zh: "管理出境与证件", en: "manage travel abroad and passports")
        case .managePosts: LocalizedText(zh: "维护涉密岗位", en: "maintain secret posts")
        case .viewPosts: LocalizedText(zh: "查看涉密岗位", en: "see secret posts")
        case .proposePosts: LocalizedText(zh: "申请人员上岗", en: "ask to put people on posts")
        case .trackKeyProjects: LocalizedText(zh: "管理重点项目与专档", en: "manage key projects and tracking files")
        }
    }

    /// The roles that hold this capability.
    public var grantedTo: Set<Role> {
        switch self {
        case .manageAccounts, .manageOrganisation, .manageSettings: [.sysadmin]
        case .viewOrganisation: [.sysadmin, .secadmin, .securityOffice, .secrecyOfficer, .leader, .personnel]
        case .manageSecrecyOrganisation: [.securityOffice]
        case .manageRoles, .unlockAccounts, .readUserAudit: [.secadmin]
        case .readAdministratorAudit, .verifyAudit: [.auditor]
        case .manageLevels, .manageClearances: [.secadmin]
        // Everyone with a business role sees the carriers the access decision lets them see (A2, A3).
        case .viewCarriers, .borrowCarriers: [.securityOffice, .secrecyOfficer, .leader, .staff]
        case .manageCarriers: [.securityOffice, .secrecyOfficer]
        case .manageStoragePlaces: [.securityOffice]
        case .decideRequests: [.securityOffice, .secrecyOfficer, .leader, .classificationReviewer, .personnel]
        case .viewFindings: [.securityOffice, .secrecyOfficer, .leader, .staff]
        case .viewOverview: [.securityOffice, .leader]
        case .viewReports: [.securityOffice, .secrecyOfficer, .leader]
        case .manageExams: [.securityOffice, .secrecyOfficer]
        case .takeExams: [.securityOffice, .secrecyOfficer, .leader, .classificationReviewer, .staff]
        case .manageTraining: [.securityOffice, .secrecyOfficer]
        case .viewTraining: [.securityOffice, .secrecyOfficer, .leader]
        case .manageDepartures: [.securityOffice, .secrecyOfficer, .personnel]
        case .manageAgreements: [.securityOffice]
        case .viewAgreements: [.securityOffice, .secrecyOfficer, .leader]
        case .requestTravel: [.securityOffice, .secrecyOfficer, .leader, .classificationReviewer, .staff, .personnel]
        case .manageTravel: [.securityOffice]
        case .managePosts: [.securityOffice]
        case .viewPosts: [.securityOffice, .personnel, .secadmin]
        case .proposePosts: [.securityOffice, .personnel]
        case .trackKeyProjects: [.securityOffice]
        }
    }
}

/// The decision for role-based capabilities (S1).
public enum AccessPolicy {
    public static func decide(roles: Set<Role>, capability: Capability) -> Decision {
        if !roles.isDisjoint(with: capability.grantedTo) { return .allowed }
        let holders = Role.allCases.filter { capability.grantedTo.contains($0) }
        return .refused(
            Refusal(
                rule: .s1,
                zh: "无权\(capability.title.zh)：需要\(holders.map(\.title.zh).joined(separator: "或"))角色",
                en: "Not allowed to \(capability.title.en): needs the "
                    + holders.map(\.title.en).joined(separator: " or ") + " role"
            )
        )
    }

    public static func allows(roles: Set<Role>, _ capability: Capability) -> Bool {
        decide(roles: roles, capability: capability).isAllowed
    }
}
