import Foundation

/// Every page's address, used both to register routes and to build links, so a link can never point nowhere.
enum SiteRoute: Hashable {
    case dashboard
    case login
    case logout
    case profile
    case profilePassword
    case profileLanguage
    case profileTOTPStart
    case profileTOTPConfirm
    case profileTOTPDisable
    case profileEmail
    case orgUnits
    case orgUnitNew
    case orgUnit(UUID)
    case orgUnitSecrecyOfficer(UUID)
    case orgUnitLeaders(UUID)
    case orgUnitManaging(UUID)
    case people
    case personNew
    case person(UUID)
    case workingGroup
    case accounts
    case accountNew
    case account(UUID)
    case accountPasswordReset(UUID)
    case accountRoles(UUID)
    case accountUnlock(UUID)
    case accountEmail(UUID)
    case accountChanges
    case accountChangeDecide(UUID)
    case accountChangeWithdraw(UUID)
    case noticeAcknowledge(UUID)
    case roles
    case settings
    case audit
    case auditVerify
    case language(String)
    case levels
    case personClassifier(UUID)
    case personClearance(UUID)
    case personReviews(UUID)
    case personObligations(UUID)
    case reviewPolicy
    case places
    case placeNew
    case place(UUID)
    case projects
    case carriers
    case carrierCopies
    case carrierNew
    case carrier(UUID)
    case carrierExport
    case copiesExport
    case carrierWorkbook
    case copiesWorkbook
    case copy(UUID)
    case copyStep(UUID)
    case copyReadings(UUID)
    case copyLabel(UUID)
    case requests
    case request(UUID)
    case requestDecide(UUID)
    case requestWithdraw(UUID)
    case requestResubmit(UUID)
    case inbox
    case delegations
    case delegationRevoke(UUID)
    case chains
    case chainsWaitingDays
    case requestIssue(UUID)
    case requestReturn(UUID)
    case requestCheckIn(UUID)
    case requestConfirmDestruction(UUID)
    case requestCertificate(UUID)
    /// 审批表: the request as a printed form with its audit leaf's QR code (S2, principle 12).
    case requestPrint(UUID)
    /// Checks a printed form's QR code against the audit log (S2).
    case verify
    /// Upload to a request's attachments (POST), and one attachment as a download (#14).
    case requestAttachments(UUID)
    case requestAttachment(UUID, UUID)
    case requestNew
    case destructionNew
    case classificationNew
    case taskDone(UUID)
    case register(String)
    case registerExport(String)
    case registerWorkbook(String)
    case inventories
    case inventory(UUID)
    case inventoryTick(UUID)
    case inventoryClose(UUID)
    case findings
    case findingsCheck
    case overview
    case reports
    case report(String)
    case reportExport(String)
    case reportWorkbook(String)
    case selfInspection
    /// 题库, 考试, 我的考试 and taking an exam (E6.2, #15).
    case questions
    case questionNew
    case question(UUID)
    case questionsImport
    case questionsExport
    case questionsWorkbook
    case exams
    case examNew
    case exam(UUID)
    case examResultsExport(UUID)
    case examResultsWorkbook(UUID)
    case examRanking(UUID)
    case examStart(UUID)
    case myExams
    case attempt(UUID)
    case attemptAnswers(UUID)
    case attemptSubmit(UUID)
    case attemptCertificate(UUID)
    /// Secrecy education's pages (#15), listed in their own enum.
    case training(TrainingPage)
    case departures(DeparturePage)
    case keyProjects(KeyProjectPage)
    case agreements(AgreementPage)
    case travel(TravelPage)
    case posts(PostPage)
    case stylesheet
    case script

    var path: String {
        switch self {
        case .dashboard: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .profile: "/profile"
        case .profilePassword: "/profile/password"
        case .profileLanguage: "/profile/language"
        case .profileTOTPStart: "/profile/totp/start"
        case .profileTOTPConfirm: "/profile/totp/confirm"
        case .profileTOTPDisable: "/profile/totp/disable"
        case .profileEmail: "/profile/email"
        case .orgUnits: "/org/units"
        case .orgUnitNew: "/org/units/new"
        case .orgUnit(let id): "/org/units/\(id.uuidString.lowercased())"
        case .orgUnitSecrecyOfficer(let id): "/org/units/\(id.uuidString.lowercased())/secrecy-officer"
        case .orgUnitLeaders(let id): "/org/units/\(id.uuidString.lowercased())/leaders"
        case .orgUnitManaging(let id): "/org/units/\(id.uuidString.lowercased())/managing-department"
        case .people: "/org/people"
        case .personNew: "/org/people/new"
        case .person(let id): "/org/people/\(id.uuidString.lowercased())"
        case .workingGroup: "/org/working-group"
        case .accounts: "/system/accounts"
        case .accountNew: "/system/accounts/new"
        case .account(let id): "/system/accounts/\(id.uuidString.lowercased())"
        case .accountPasswordReset(let id): "/system/accounts/\(id.uuidString.lowercased())/password-reset"
        case .accountRoles(let id): "/system/accounts/\(id.uuidString.lowercased())/roles"
        case .accountUnlock(let id): "/system/accounts/\(id.uuidString.lowercased())/unlock"
        case .accountEmail(let id): "/system/accounts/\(id.uuidString.lowercased())/email"
        case .accountChanges: "/system/account-changes"
        case .accountChangeDecide(let id): "/system/account-changes/\(id.uuidString.lowercased())/decide"
        case .accountChangeWithdraw(let id): "/system/account-changes/\(id.uuidString.lowercased())/withdraw"
        case .noticeAcknowledge(let id): "/profile/notices/\(id.uuidString.lowercased())/acknowledge"
        case .roles: "/system/roles"
        case .settings: "/system/settings"
        case .audit: "/system/audit"
        case .auditVerify: "/system/audit/verify"
        case .language(let code): "/language/\(code)"
        case .levels: "/system/levels"
        case .personClassifier(let id): "/org/people/\(id.uuidString.lowercased())/classifier"
        case .personReviews(let id): "/org/people/\(id.uuidString.lowercased())/reviews"
        case .personObligations(let id): "/org/people/\(id.uuidString.lowercased())/prior-obligations"
        case .reviewPolicy: "/org/review-policy"
        case .personClearance(let id): "/org/people/\(id.uuidString.lowercased())/clearance"
        case .places: "/carriers/places"
        case .placeNew: "/carriers/places/new"
        case .place(let id): "/carriers/places/\(id.uuidString.lowercased())"
        case .projects: "/carriers/projects"
        case .carriers: "/carriers"
        case .carrierCopies: "/carriers/copies"
        case .carrierNew: "/carriers/new"
        case .carrier(let id): "/carriers/\(id.uuidString.lowercased())"
        case .carrierExport: "/carriers/export.csv"
        case .copiesExport: "/carriers/copies/export.csv"
        case .carrierWorkbook: "/carriers/export.xlsx"
        case .copiesWorkbook: "/carriers/copies/export.xlsx"
        case .copy(let id): "/carriers/copies/\(id.uuidString.lowercased())"
        case .copyStep(let id): "/carriers/copies/\(id.uuidString.lowercased())/steps"
        case .copyReadings(let id): "/carriers/copies/\(id.uuidString.lowercased())/readings"
        case .copyLabel(let id): "/carriers/copies/\(id.uuidString.lowercased())/label"
        case .requests: "/requests"
        case .request(let id): "/requests/\(id.uuidString.lowercased())"
        case .requestDecide(let id): "/requests/\(id.uuidString.lowercased())/decide"
        case .requestWithdraw(let id): "/requests/\(id.uuidString.lowercased())/withdraw"
        case .requestResubmit(let id): "/requests/\(id.uuidString.lowercased())/resubmit"
        case .inbox: "/inbox"
        case .delegations: "/profile/delegations"
        case .delegationRevoke(let id): "/profile/delegations/\(id.uuidString.lowercased())/revoke"
        case .chains: "/system/chains"
        case .chainsWaitingDays: "/system/chains/waiting-days"
        case .requestIssue(let id): "/requests/\(id.uuidString.lowercased())/issue"
        case .requestReturn(let id): "/requests/\(id.uuidString.lowercased())/return"
        case .requestCheckIn(let id): "/requests/\(id.uuidString.lowercased())/check-in"
        case .requestConfirmDestruction(let id): "/requests/\(id.uuidString.lowercased())/confirm-destruction"
        case .requestCertificate(let id): "/requests/\(id.uuidString.lowercased())/certificate"
        case .requestPrint(let id): "/requests/\(id.uuidString.lowercased())/print"
        case .verify: "/verify"
        case .requestAttachments(let id): "/requests/\(id.uuidString.lowercased())/attachments"
        case .requestAttachment(let id, let attachment):
            "/requests/\(id.uuidString.lowercased())/attachments/\(attachment.uuidString.lowercased())"
        case .requestNew: "/requests/new"
        case .destructionNew: "/requests/new-destruction"
        case .classificationNew: "/requests/new-classification"
        case .taskDone(let id): "/tasks/\(id.uuidString.lowercased())/done"
        case .register(let name): "/carriers/registers/\(name)"
        case .registerExport(let name): "/carriers/registers/\(name)/export.csv"
        case .registerWorkbook(let name): "/carriers/registers/\(name)/export.xlsx"
        case .inventories: "/carriers/inventories"
        case .inventory(let id): "/carriers/inventories/\(id.uuidString.lowercased())"
        case .inventoryTick(let id): "/carriers/inventories/\(id.uuidString.lowercased())/found"
        case .inventoryClose(let id): "/carriers/inventories/\(id.uuidString.lowercased())/close"
        case .findings: "/compliance"
        case .findingsCheck: "/compliance/check"
        case .overview: "/overview"
        case .reports: "/reports"
        case .report(let name): "/reports/\(name)"
        case .reportExport(let name): "/reports/\(name)/export.csv"
        case .reportWorkbook(let name): "/reports/\(name)/export.xlsx"
        case .selfInspection: "/self-inspection"
        case .questions: "/education/questions"
        case .questionNew: "/education/questions/new"
        case .question(let id): "/education/questions/\(id.uuidString.lowercased())"
        case .questionsImport: "/education/questions/import"
        case .questionsExport: "/education/questions/export.csv"
        case .questionsWorkbook: "/education/questions/export.xlsx"
        case .exams: "/education/exams"
        case .examNew: "/education/exams/new"
        case .exam(let id): "/education/exams/\(id.uuidString.lowercased())"
        case .examResultsExport(let id): "/education/exams/\(id.uuidString.lowercased())/results.csv"
        case .examResultsWorkbook(let id): "/education/exams/\(id.uuidString.lowercased())/results.xlsx"
        case .examRanking(let id): "/education/exams/\(id.uuidString.lowercased())/ranking"
        case .examStart(let id): "/education/exams/\(id.uuidString.lowercased())/start"
        case .myExams: "/education/my-exams"
        case .attempt(let id): "/education/attempts/\(id.uuidString.lowercased())"
        case .attemptAnswers(let id): "/education/attempts/\(id.uuidString.lowercased())/answers"
        case .attemptSubmit(let id): "/education/attempts/\(id.uuidString.lowercased())/submit"
        case .attemptCertificate(let id): "/education/attempts/\(id.uuidString.lowercased())/certificate"
        case .training(let page): page.path
        case .departures(let page): page.path
        case .keyProjects(let page): page.path
        case .agreements(let page): page.path
        case .travel(let page): page.path
        case .posts(let page): page.path
        case .stylesheet: "/assets/baomi.css"
        case .script: "/assets/baomi.js"
        }
    }

    /// The path components Vapor registers: the identifier becomes `:id`, the language code `:code`.
    var pattern: [String] {
        if case .language = self { return ["language", ":code"] }
        if case .register = self { return ["carriers", "registers", ":register"] }
        if case .registerExport = self { return ["carriers", "registers", ":register", "export.csv"] }
        if case .registerWorkbook = self { return ["carriers", "registers", ":register", "export.xlsx"] }
        if case .report = self { return ["reports", ":report"] }
        if case .requestAttachment = self { return ["requests", ":id", "attachments", ":attachment"] }
        if case .training(.sessionMaterial) = self { return ["training", "sessions", ":id", "materials", ":material"] }
        if case .reportExport = self { return ["reports", ":report", "export.csv"] }
        if case .reportWorkbook = self { return ["reports", ":report", "export.xlsx"] }
        return path.split(separator: "/").map { UUID(uuidString: String($0)) == nil ? String($0) : ":id" }
    }
}
