/// The name of an audited action, e.g. `account.create`. A string so that later issues add actions without a
/// migration; the catalogue below gives each a title in both languages for the audit pages.
public struct AuditAction: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let signIn = AuditAction("auth.signIn")
    public static let signOut = AuditAction("auth.signOut")
    public static let passwordChange = AuditAction("auth.passwordChange")
    public static let totpEnrol = AuditAction("auth.totpEnrol")
    public static let totpDisable = AuditAction("auth.totpDisable")
    public static let accessDenied = AuditAction("access.denied")
    public static let accountCreate = AuditAction("account.create")
    public static let accountUpdate = AuditAction("account.update")
    public static let accountPasswordReset = AuditAction("account.passwordReset")
    public static let accountRolesChange = AuditAction("account.rolesChange")
    public static let accountUnlock = AuditAction("account.unlock")
    public static let accountLock = AuditAction("account.lock")
    public static let accountChangePropose = AuditAction("account.changePropose")
    public static let accountChangeDecide = AuditAction("account.changeDecide")
    public static let accountChangeWithdraw = AuditAction("account.changeWithdraw")
    public static let accountNoticeAcknowledge = AuditAction("account.noticeAcknowledge")
    public static let orgUnitCreate = AuditAction("orgUnit.create")
    public static let orgUnitUpdate = AuditAction("orgUnit.update")
    public static let personCreate = AuditAction("person.create")
    public static let personUpdate = AuditAction("person.update")
    public static let workingGroupChange = AuditAction("workingGroup.change")
    public static let secrecyOfficerAssign = AuditAction("orgUnit.secrecyOfficer")
    public static let managingDepartmentAssign = AuditAction("orgUnit.managingDepartment")
    public static let settingsChange = AuditAction("settings.change")
    public static let languageChange = AuditAction("profile.language")
    public static let auditVerify = AuditAction("audit.verify")
    public static let auditCheckpoint = AuditAction("audit.checkpoint")
    /// The checkpoint journal was begun (its first line written): from then on its absence is a failure (S2).
    public static let auditJournalStart = AuditAction("audit.journalStart")
    public static let backupCreate = AuditAction("backup.create")
    public static let backupRestore = AuditAction("backup.restore")
    /// Missing or altered append-only triggers were re-created (S2).
    public static let auditProtectionRestore = AuditAction("audit.protectionRestore")
    public static let systemSetup = AuditAction("system.setup")
    public static let placeCreate = AuditAction("place.create")
    public static let placeUpdate = AuditAction("place.update")
    public static let projectCreate = AuditAction("project.create")
    public static let classifierAuthorise = AuditAction("person.classifier")
    public static let carrierRegister = AuditAction("carrier.register")
    public static let carrierView = AuditAction("carrier.view")
    public static let copyStep = AuditAction("copy.step")
    public static let ledgerExport = AuditAction("ledger.export")
    public static let carrierImport = AuditAction("carrier.import")
    public static let requestSubmit = AuditAction("request.submit")
    public static let requestDecide = AuditAction("request.decide")
    public static let requestWithdraw = AuditAction("request.withdraw")
    public static let requestReturn = AuditAction("request.return")
    public static let requestResubmit = AuditAction("request.resubmit")
    public static let chainSet = AuditAction("chain.set")
    public static let delegationSet = AuditAction("delegation.set")
    public static let delegationRevoke = AuditAction("delegation.revoke")
    /// A non-secret attachment added to a request, with its SHA-256 (#14).
    public static let requestAttach = AuditAction("request.attach")
    public static let destructionConfirm = AuditAction("destruction.confirm")
    public static let taskDone = AuditAction("task.done")
    public static let inventoryOpen = AuditAction("inventory.open")
    public static let inventoryTick = AuditAction("inventory.tick")
    public static let inventoryClose = AuditAction("inventory.close")
    public static let clearanceChange = AuditAction("person.clearance")
    public static let postClassesChange = AuditAction("settings.postClasses")
    public static let loanIssue = AuditAction("loan.issue")
    public static let loanReturn = AuditAction("loan.return")
    public static let loanCheckIn = AuditAction("loan.checkIn")
    public static let readingRecord = AuditAction("reading.record")
    public static let complianceEvaluate = AuditAction("compliance.evaluate")
    public static let accountEmailChange = AuditAction("account.email")
    public static let digestSend = AuditAction("notification.digest")
    /// A carrier moving in keeps its number, its date and its copies' states (C0).
    public static let carrierCarryOver = AuditAction("carrier.carryOver")
    /// A file of org units, people, secret posts, storage places or projects (`baomi import`), all or nothing.
    public static let directoryImport = AuditAction("directory.import")

    private static let titles: [String: LocalizedText] = [
        signIn.rawValue: LocalizedText(zh: "登录", en: "Sign in"),
        signOut.rawValue: LocalizedText(zh: "退出登录", en: "Sign out"),
        passwordChange.rawValue: LocalizedText(zh: "修改密码", en: "Change password"),
        totpEnrol.rawValue: LocalizedText(zh: "启用动态口令", en: "Enrol TOTP"),
        totpDisable.rawValue: LocalizedText(zh: "停用动态口令", en: "Disable TOTP"),
        accessDenied.rawValue: LocalizedText(zh: "拒绝访问", en: "Access denied"),
        accountCreate.rawValue: LocalizedText(zh: "创建账号", en: "Create account"),
        accountUpdate.rawValue: LocalizedText(zh: "修改账号", en: "Update account"),
        accountPasswordReset.rawValue: LocalizedText(zh: "重置密码", en: "Reset password"),
        accountRolesChange.rawValue: LocalizedText(zh: "分配角色", en: "Assign roles"),
        accountUnlock.rawValue: LocalizedText(zh: "解锁账号", en: "Unlock account"),
        accountLock.rawValue: LocalizedText(zh: "锁定账号", en: "Lock account"),
        accountChangePropose.rawValue: LocalizedText(zh: "发起账号变更（双人复核）", en: "Propose account change"),
        accountChangeDecide.rawValue: LocalizedText(zh: "复核账号变更", en: "Decide account change"),
        accountChangeWithdraw.rawValue: LocalizedText(zh: "撤回账号变更", en: "Withdraw account change"),
        accountNoticeAcknowledge.rawValue: LocalizedText(zh: "确认账号变更通知", en: "Acknowledge account notice"),
        orgUnitCreate.rawValue: LocalizedText(zh: "新建组织机构", en: "Create org unit"),
        orgUnitUpdate.rawValue: LocalizedText(zh: "修改组织机构", en: "Update org unit"),
        personCreate.rawValue: LocalizedText(zh: "新建人员", en: "Create person"),
        personUpdate.rawValue: LocalizedText(zh: "修改人员", en: "Update person"),
        workingGroupChange.rawValue: LocalizedText(zh: "调整保密工作小组", en: "Change working group"),
        secrecyOfficerAssign.rawValue: LocalizedText(zh: "指定保密员", en: "Designate secrecy officer"),
        managingDepartmentAssign.rawValue: LocalizedText(zh: "指定归口管理部门", en: "Designate managing department"),
        settingsChange.rawValue: LocalizedText(zh: "修改系统参数", en: "Change settings"),
        languageChange.rawValue: LocalizedText(zh: "切换语言", en: "Switch language"),
        auditVerify.rawValue: LocalizedText(zh: "校验审计日志", en: "Verify audit log"),
        auditCheckpoint.rawValue: LocalizedText(zh: "签发审计检查点", en: "Sign audit checkpoint"),
        auditJournalStart.rawValue: LocalizedText(zh: "启用检查点日志文件", en: "Start the checkpoint journal"),
        backupCreate.rawValue: LocalizedText(zh: "备份", en: "Back up"),
        backupRestore.rawValue: LocalizedText(zh: "从备份恢复", en: "Restore from a backup"),
        auditProtectionRestore.rawValue: LocalizedText(zh: "恢复审计日志保护触发器", en: "Restore audit log triggers"),
        systemSetup.rawValue: LocalizedText(zh: "系统初始化", en: "System setup"),
        placeCreate.rawValue: LocalizedText(zh: "新建存放位置", en: "Create storage place"),
        placeUpdate.rawValue: LocalizedText(zh: "修改存放位置", en: "Update storage place"),
        projectCreate.rawValue: LocalizedText(zh: "新建涉密项目", en: "Create project"),
        classifierAuthorise.rawValue: LocalizedText(zh: "定密授权", en: "Authorise classifier"),
        carrierRegister.rawValue: LocalizedText(zh: "登记涉密载体", en: "Register carrier"),
        carrierView.rawValue: LocalizedText(zh: "查阅载体", en: "View carrier"),
        copyStep.rawValue: LocalizedText(zh: "载体流转", en: "Copy lifecycle step"),
        ledgerExport.rawValue: LocalizedText(zh: "导出台账", en: "Export ledger"),
        carrierImport.rawValue: LocalizedText(zh: "导入载体", en: "Import carriers"),
        requestSubmit.rawValue: LocalizedText(zh: "提交申请", en: "Submit request"),
        requestDecide.rawValue: LocalizedText(zh: "审批", en: "Decide request"),
        requestWithdraw.rawValue: LocalizedText(zh: "撤回申请", en: "Withdraw request"),
        requestReturn.rawValue: LocalizedText(zh: "退回修改", en: "Return for changes"),
        requestResubmit.rawValue: LocalizedText(zh: "重新提交申请", en: "Resubmit request"),
        chainSet.rawValue: LocalizedText(zh: "配置审批流程", en: "Configure approval chain"),
        delegationSet.rawValue: LocalizedText(zh: "设置审批代理人", en: "Name a stand-in"),
        delegationRevoke.rawValue: LocalizedText(zh: "取消审批代理", en: "Revoke a stand-in"),
        requestAttach.rawValue: LocalizedText(zh: "上传申请附件", en: "Attach a file to a request"),
        destructionConfirm.rawValue: LocalizedText(zh: "监销确认", en: "Confirm destruction"),
        taskDone.rawValue: LocalizedText(zh: "完成待办", en: "Complete task"),
        inventoryOpen.rawValue: LocalizedText(zh: "发起清查", en: "Open inventory"),
        inventoryTick.rawValue: LocalizedText(zh: "清查核对", en: "Tick inventory"),
        inventoryClose.rawValue: LocalizedText(zh: "结束清查", en: "Close inventory"),
        clearanceChange.rawValue: LocalizedText(zh: "涉密岗位变更", en: "Change secret post"),
        postClassesChange.rawValue: LocalizedText(zh: "修改涉密等级对应密级", en: "Change post-class levels"),
        loanIssue.rawValue: LocalizedText(zh: "借出（交付借阅人）", en: "Hand over to the borrower"),
        loanReturn.rawValue: LocalizedText(zh: "交还", en: "Hand back"),
        loanCheckIn.rawValue: LocalizedText(zh: "清点入库", en: "Check in"),
        readingRecord.rawValue: LocalizedText(zh: "登记现场阅读", en: "Record a reading in place"),
        questionCreate.rawValue: LocalizedText(zh: "新建试题", en: "Create question"),
        questionUpdate.rawValue: LocalizedText(zh: "修改试题", en: "Update question"),
        questionImport.rawValue: LocalizedText(zh: "导入题库", en: "Import questions"),
        questionExport.rawValue: LocalizedText(zh: "导出题库", en: "Export questions"),
        examCreate.rawValue: LocalizedText(zh: "新建考试", en: "Create exam"),
        examStart.rawValue: LocalizedText(zh: "开始考试", en: "Start an exam"),
        examAnswer.rawValue: LocalizedText(zh: "保存答案", en: "Save an answer"),
        examSubmit.rawValue: LocalizedText(zh: "交卷", en: "Submit an exam"),
        examResultsExport.rawValue: LocalizedText(zh: "导出考试成绩", en: "Export exam results"),
        complianceEvaluate.rawValue: LocalizedText(zh: "合规检查", en: "Compliance check"),
        accountEmailChange.rawValue: LocalizedText(zh: "修改电子邮箱", en: "Change e-mail address"),
        digestSend.rawValue: LocalizedText(zh: "发送合规提醒邮件", en: "Send compliance digest"),
        carrierCarryOver.rawValue: LocalizedText(zh: "迁入载体（沿用编号、日期和各份状态）", en: "Carry a carrier over"),
        directoryImport.rawValue: LocalizedText(zh: "导入基础数据", en: "Import a directory file"),
    ]

    /// Every area's titles: the main catalogue and those kept beside it, one per area.
    static var catalogues: [[String: LocalizedText]] {
        [
            titles, trainingTitles, postReviewTitles, departureTitles, agreementTitles, travelTitles, postTitles,
            keyProjectTitles, cooperationTitles,
        ]
    }

    /// The action's title, or its raw name for actions a newer version wrote.
    public var title: LocalizedText {
        Self.catalogues.lazy.compactMap { $0[rawValue] }.first
            ?? LocalizedText(zh: rawValue, en: rawValue)
    }

    /// Every catalogued action, for the audit page's filter.
    public static var catalogued: [AuditAction] {
        catalogues.flatMap(\.keys).sorted().map(AuditAction.init(rawValue:))
    }
}
