import Foundation

/// A secret post (涉密岗位) of a department as the security office enters it (A2, T9): its code, name, class, the
/// agreements it needs beyond its class's own (A4, T8), and the field it works in (T13's conflict warning compares
/// a new hire's prior duties with it). Checked before anything is written (S4).
public struct PostDraft: Sendable, Hashable {
    public var code: String
    public var name: String
    public var departmentID: UUID
    /// Core, important or general: a post in this register is a secret post (A2).
    public var postClass: SecretPostClass
    /// Kinds needed besides `AgreementRequirement`'s for the class, e.g. 竞业限制协议 for a key post (T11).
    public var extraAgreements: [AgreementKind]
    /// 涉及领域, e.g. "惯性导航"; empty when none is named.
    public var field: String

    public init(
        code: String, name: String, departmentID: UUID, postClass: SecretPostClass, extraAgreements: [AgreementKind],
        field: String
    ) {
        self.code = code
        self.name = name
        self.departmentID = departmentID
        self.postClass = postClass
        self.extraAgreements = extraAgreements
        self.field = field
    }

    /// The secret classes a post may carry (A2): a non-secret post is not registered here.
    public static let classes: [SecretPostClass] = [.core, .important, .general]

    /// Every field checked at once, from a form or a JSON body.
    public static func parse(
        code: String?, name: String?, departmentID: String?, postClass: String?, extraAgreements: [String],
        field: String?
    ) throws(DomainError) -> PostDraft {
        var validator = FieldValidator()
        let rule = RuleID("A2")
        let code = validator.required(
            code, field: "code", label: LocalizedText(zh: "岗位代码", en: "Post code"), maxLength: 32)
        let name = validator.required(
            name, field: "name", label: LocalizedText(zh: "岗位名称", en: "Post name"), maxLength: 100)
        let department = UUID.parse(departmentID, field: "departmentID", into: &validator)
        if department == nil && validator.errors.allSatisfy({ $0.field != "departmentID" }) {
            validator.add(field: "departmentID", rule: rule, zh: "请选择部门", en: "Choose the department")
        }
        let chosen = SecretPostClass(rawValue: postClass?.trimmed ?? "")
        if chosen == nil || !classes.contains(chosen ?? .nonSecret) {
            validator.add(
                field: "postClass", rule: rule, zh: "涉密岗位等级只能是核心、重要或一般",
                en: "A secret post's class is core, important or general")
        }
        var kinds: [AgreementKind] = []
        for text in extraAgreements.map(\.trimmed).filter({ !$0.isEmpty }) {
            guard let kind = AgreementKind(rawValue: text), kind != .departureCommitment else {
                validator.add(
                    field: "extraAgreements", rule: RuleID("T8"),
                    zh: "岗位所需协议只能是：\(requestable.map(\.title.zh).joined(separator: "、"))",
                    en: "A post may need: \(requestable.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        let area = validator.optional(
            field, field: "field", label: LocalizedText(zh: "涉及领域", en: "Field"), maxLength: 100)
        try validator.check()
        return PostDraft(
            code: code, name: name, departmentID: department ?? UUID(), postClass: chosen ?? .general,
            extraAgreements: kinds.sorted { $0.rawValue < $1.rawValue }, field: area ?? "")
    }

    /// The kinds a post may ask for on top of its class (a departure commitment is signed on leaving, T12).
    public static let requestable: [AgreementKind] = AgreementKind.allCases.filter { $0 != .departureCommitment }
}

/// What a post asks of the person put on it (A4, T8, T9, A7), judged before the request is filed and again at its
/// final approval. Pure, so that the request kind and `baomi import people` ask the same thing.
public enum PostRules {
    /// The agreements the post needs in force: its class's (`AgreementRequirement`, T8, L1.1) and its own extras.
    public static func agreementsNeeded(
        postClass: SecretPostClass, extra: [AgreementKind], isLeader: Bool
    ) -> [AgreementKind] {
        let base = AgreementRequirement.required(postClass: postClass, isLeader: isLeader)
        return base + extra.filter { !base.contains($0) }
    }

    /// The extras the person lacks (the class's own are judged by `AgreementGate` inside `ClearanceRepository.set`).
    public static func missingExtras(
        _ extra: [AgreementKind], postClass: SecretPostClass, isLeader: Bool, inForce: Set<AgreementKind>,
        refused: Set<AgreementKind>
    ) -> Refusal? {
        let base = AgreementRequirement.required(postClass: postClass, isLeader: isLeader)
        let missing = extra.filter { !base.contains($0) && !inForce.contains($0) }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "《\($0.title.zh)》" }.joined()
        if missing.contains(where: refused.contains) {
            return Refusal(
                rule: RuleID("T9"), zh: "本人拒签\(names)，不得上该涉密岗位",
                en: "The person refused to sign the \(missing.map(\.title.en).joined(separator: ", ")): not this post")
        }
        let rules = Array(Set(missing.map(\.rule.rawValue) + ["A4"])).sorted().joined(separator: ", ")
        return Refusal(
            rule: RuleID("A4"), zh: "该岗位还须签订并生效\(names)（\(rules)），尚未生效",
            en: "This post also needs the \(missing.map(\.title.en).joined(separator: ", ")) in force (\(rules))")
    }

    /// Nobody leaving, departed or in 脱密期 is put on a post (A4, A7).
    public static func standing(status: PersonStatus, separationUntil: String?, today: String) -> Refusal? {
        switch status {
        case .leaving:
            return Refusal(
                rule: RuleID("A4"), zh: "离岗离职办理中的人员不得上涉密岗位",
                en: "A person who is leaving is not put on a secret post")
        case .departed:
            return Refusal(rule: RuleID("A7"), zh: "已离职人员不得上涉密岗位", en: "A departed person holds no post")
        default:
            if let separationUntil, today <= separationUntil {
                return Refusal(
                    rule: RuleID("A7"), zh: "脱密期内（至 \(separationUntil)）不得上涉密岗位",
                    en: "In the separation period (until \(separationUntil)): no secret post")
            }
            return nil
        }
    }

    /// A roll that names both a post and a class must agree with the post (A2): the class follows the post.
    public static func classAgrees(named: SecretPostClass, post: SecretPostClass, code: String) -> Refusal? {
        guard named != post else { return nil }
        return Refusal(
            rule: RuleID("A2"),
            zh: "涉密等级「\(named.title.zh)」与岗位「\(code)」的等级「\(post.title.zh)」不符：等级随岗位确定",
            en:
                "The class \(named.rawValue) disagrees with post \(code)'s class \(post.rawValue): the class follows the post"
        )
    }
}
