import BaomiDomain
import BaomiPersistence
import Foundation

/// Audit records in words a reviewer reads: object types, detail keys and the codes in their values translated
/// (`密级：绝密`, not `密级：topSecret`), empty details left out.
enum AuditPresentation {
    static let objectTypes: [String: LocalizedText] = [
        "account": LocalizedText(zh: "账号", en: "Account"), "orgUnit": LocalizedText(zh: "组织机构", en: "Org unit"),
        "person": LocalizedText(zh: "人员", en: "Person"), "route": LocalizedText(zh: "功能", en: "Function"),
        "settings": LocalizedText(zh: "参数", en: "Settings"), "auditLog": LocalizedText(zh: "审计日志", en: "Audit log"),
        "storagePlace": LocalizedText(zh: "存放位置", en: "Storage place"),
        "project": LocalizedText(zh: "项目", en: "Project"),
        "carrier": LocalizedText(zh: "载体", en: "Carrier"), "copy": LocalizedText(zh: "载体份", en: "Copy"),
        "request": LocalizedText(zh: "申请", en: "Request"), "task": LocalizedText(zh: "待办", en: "Task"),
        "inventory": LocalizedText(zh: "清查", en: "Inventory"), "ledger": LocalizedText(zh: "台账", en: "Ledger"),
        "report": LocalizedText(zh: "报表", en: "Report"), "file": LocalizedText(zh: "文件", en: "File"),
        "command": LocalizedText(zh: "命令", en: "Command"), "loan": LocalizedText(zh: "借用", en: "Loan"),
    ]

    static let detailKeys: [String: LocalizedText] = [
        "reason": LocalizedText(zh: "原因", en: "reason"), "kind": LocalizedText(zh: "方式", en: "kind"),
        "role": LocalizedText(zh: "职务", en: "role"), "roles": LocalizedText(zh: "角色", en: "roles"),
        "code": LocalizedText(zh: "编码", en: "code"), "language": LocalizedText(zh: "语言", en: "language"),
        "capability": LocalizedText(zh: "所需权限", en: "capability"), "records": LocalizedText(zh: "记录数", en: "records"),
        "problem": LocalizedText(zh: "问题", en: "problem"), "status": LocalizedText(zh: "状态", en: "status"),
        "person": LocalizedText(zh: "人员", en: "person"), "disabled": LocalizedText(zh: "停用", en: "disabled"),
        "failedSignIns": LocalizedText(zh: "失败次数", en: "failed sign-ins"), "name": LocalizedText(zh: "名称", en: "name"),
        "employeeNumber": LocalizedText(zh: "工号", en: "employee number"), "old": LocalizedText(zh: "原值", en: "old"),
        "new": LocalizedText(zh: "新值", en: "new"), "level": LocalizedText(zh: "密级", en: "level"),
        "maxLevel": LocalizedText(zh: "最高密级", en: "highest level"),
        "postClass": LocalizedText(zh: "涉密等级", en: "secret post"),
        "copies": LocalizedText(zh: "份数", en: "copies"), "action": LocalizedText(zh: "操作", en: "action"),
        "place": LocalizedText(zh: "位置", en: "place"), "from": LocalizedText(zh: "原状态", en: "from"),
        "to": LocalizedText(zh: "新状态", en: "to"), "note": LocalizedText(zh: "备注", en: "note"),
        "channel": LocalizedText(zh: "传递方式", en: "channel"), "escorts": LocalizedText(zh: "递送人", en: "escorts"),
        "sealed": LocalizedText(zh: "密封包装", en: "sealed"), "supervisor": LocalizedText(zh: "监督人", en: "supervisor"),
        "onSite": LocalizedText(zh: "现场维修", en: "on site"),
        "storageRemoved": LocalizedText(zh: "已拆除存储部件", en: "storage removed"),
        "copyOf": LocalizedText(zh: "源自", en: "copy of"), "serial": LocalizedText(zh: "份号", en: "copy"),
        "verdict": LocalizedText(zh: "意见", en: "verdict"), "expected": LocalizedText(zh: "应有", en: "expected"),
        "found": LocalizedText(zh: "找到", en: "found"), "unexpected": LocalizedText(zh: "清单外", en: "unexpected"),
        "missing": LocalizedText(zh: "未找到", en: "missing"),
        "confirmations": LocalizedText(zh: "监销确认", en: "confirmations"),
        "forced": LocalizedText(zh: "强制收回", en: "taken back"), "returnDate": LocalizedText(zh: "应还日期", en: "due"),
        "borrower": LocalizedText(zh: "借用人", en: "borrower"), "source": LocalizedText(zh: "来源", en: "source"),
        "separationUntil": LocalizedText(zh: "脱密期止", en: "脱密期 ends"), "email": LocalizedText(zh: "邮箱", en: "e-mail"),
        "text": LocalizedText(zh: "内容", en: "text"), "rows": LocalizedText(zh: "行数", en: "rows"),
        "opened": LocalizedText(zh: "新发现", en: "opened"), "closed": LocalizedText(zh: "已关闭", en: "closed"),
        "updated": LocalizedText(zh: "已更新", en: "updated"), "trigger": LocalizedText(zh: "触发", en: "trigger"),
        "findings": LocalizedText(zh: "提醒数", en: "findings"), "to_address": LocalizedText(zh: "收件人", en: "to"),
        "receiverQualification": LocalizedText(zh: "接收单位保密资格", en: "receiver's qualification"),
        "receiverCertificate": LocalizedText(zh: "资格证书编号", en: "certificate"),
        "toDepartment": LocalizedText(zh: "接收部门", en: "receiving department"),
        "reader": LocalizedText(zh: "阅读人", en: "reader"),
    ]

    static func object(_ visible: VisibleAuditRecord, context: PageContext) -> String {
        let type = visible.record.objectType.map { objectTypes[$0].map(context.t) ?? $0 }
        return [type, visible.objectLabel ?? visible.record.objectID].compactMap { $0 }.joined(separator: " ")
    }

    static func details(_ details: [String: String], context: PageContext, levels: LevelCatalogue) -> String {
        details.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map {
                "\(detailKeys[$0.key].map(context.t) ?? $0.key)："
                    + value($0.value, key: $0.key, context: context, levels: levels)
            }
            .joined(separator: "；")
    }

    /// Values in words: every code of Baomi's vocabularies by its name, in lists (`a,b`) and changes (`a → b`) too.
    static func value(_ raw: String, key: String, context: PageContext, levels: LevelCatalogue) -> String {
        switch key {
        case "copyOf": return context.t("第\(raw)份", "copy \(raw)")
        case "verdict": return raw == "approve" ? context.t("同意", "approve") : context.t("不同意", "refuse")
        case "new", "old", "text", "reason", "problem", "note", "name", "email", "receiverCertificate", "reader",
            "toDepartment":
            return raw
        default: break
        }
        func word(_ token: Substring) -> String {
            let code = String(token.trimmingCharacters(in: .whitespaces))
            if code == "true" { return context.t("是", "yes") }
            if code == "false" { return context.t("否", "no") }
            if let level = levels.definition(LevelID(rawValue: code)) { return context.t(level.name) }
            return AuditWords.vocabulary[code].map(context.t) ?? code
        }
        if raw.contains(" → ") {
            return raw.components(separatedBy: " → ").map { word(Substring($0)) }.joined(separator: " → ")
        }
        return raw.split(separator: ",", omittingEmptySubsequences: false).map(word).joined(separator: "、")
    }
}

/// Every code an audit record's details may hold, by its name in both languages. The enums' raw values do not
/// collide: each names one thing.
enum AuditWords {
    static let vocabulary: [String: LocalizedText] = {
        var words: [String: LocalizedText] = [:]
        func add<T: RawRepresentable>(_ cases: [T], _ title: (T) -> LocalizedText) where T.RawValue == String {
            for value in cases where words[value.rawValue] == nil { words[value.rawValue] = title(value) }
        }
        add(CopyState.allCases, \.title)
        add(CopyAction.allCases, \.title)
        add(Role.allCases, \.title)
        add(SecretPostClass.allCases, \.title)
        add(PersonStatus.allCases, \.title)
        add(OrgUnitKind.allCases, \.title)
        add(WorkingGroupRole.allCases, \.title)
        add(StorageClass.allCases, \.title)
        add(TransmissionChannel.allCases, \.title)
        add(ReadingKind.allCases, \.title)
        add(RequestKind.allCases, \.title)
        add(RequestState.allCases, \.title)
        add(CarrierForm.allCases, \.title)
        add(CarrierCategory.allCases, \.title)
        add(CarrierSource.allCases, \.title)
        add(CarryOutPurpose.allCases, \.title)
        add(ReceiverQualification.allCases, \.title)
        add(Capability.allCases, \.title)
        add(Language.allCases) {
            $0 == .zh ? LocalizedText(zh: "中文", en: "Chinese") : LocalizedText(zh: "英文", en: "English")
        }
        words["web"] = LocalizedText(zh: "网页", en: "web")
        words["api"] = LocalizedText(zh: "接口", en: "API")
        return words
    }()
}
