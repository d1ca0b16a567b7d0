import Foundation

/// A new or edited org unit as a user entered it, checked before anything is written (S4).
public struct OrgUnitDraft: Sendable, Hashable, Codable {
    public var name: String
    public var code: String
    public var kind: OrgUnitKind
    public var parentID: UUID?
    public var isKeyDepartment: Bool
    public var sortOrder: Int

    public init(name: String, code: String, kind: OrgUnitKind, parentID: UUID?, isKeyDepartment: Bool, sortOrder: Int) {
        self.name = name
        self.code = code
        self.kind = kind
        self.parentID = parentID
        self.isKeyDepartment = isKeyDepartment
        self.sortOrder = sortOrder
    }

    /// Builds a draft from raw form or JSON values, collecting every problem.
    public static func parse(
        name: String?, code: String?, kind: String?, parentID: String?, isKeyDepartment: Bool?, sortOrder: Int?
    ) throws(DomainError) -> OrgUnitDraft {
        var validator = FieldValidator()
        let name = validator.required(name, field: "name", label: LocalizedText(zh: "名称", en: "Name"), maxLength: 100)
        let code = validator.required(code, field: "code", label: LocalizedText(zh: "编码", en: "Code"), maxLength: 32)
        let kind = OrgUnitKind(rawValue: (kind ?? OrgUnitKind.department.rawValue).trimmed)
        if kind == nil {
            validator.add(field: "kind", zh: "类型只能是单位或部门", en: "Kind must be unit or department")
        }
        let parent = UUID.parse(parentID, field: "parentID", into: &validator)
        if kind == .department && parent == nil && validator.errors.allSatisfy({ $0.field != "parentID" }) {
            validator.add(field: "parentID", rule: .t4, zh: "部门须有上级单位", en: "A department needs a parent unit")
        }
        try validator.check()
        return OrgUnitDraft(
            name: name, code: code, kind: kind ?? .department, parentID: parent,
            isKeyDepartment: isKeyDepartment ?? false, sortOrder: sortOrder ?? 0)
    }
}

/// A new or edited person.
public struct PersonDraft: Sendable, Hashable, Codable {
    public var name: String
    public var employeeNumber: String
    public var departmentID: UUID
    public var post: String
    public var isLeader: Bool
    public var status: PersonStatus

    public init(
        name: String, employeeNumber: String, departmentID: UUID, post: String, isLeader: Bool, status: PersonStatus
    ) {
        self.name = name
        self.employeeNumber = employeeNumber
        self.departmentID = departmentID
        self.post = post
        self.isLeader = isLeader
        self.status = status
    }

    public static func parse(
        name: String?, employeeNumber: String?, departmentID: String?, post: String?, isLeader: Bool?,
        status: String?
    ) throws(DomainError) -> PersonDraft {
        var validator = FieldValidator()
        let name = validator.required(name, field: "name", label: LocalizedText(zh: "姓名", en: "Name"), maxLength: 50)
        let number = validator.required(
            employeeNumber, field: "employeeNumber", label: LocalizedText(zh: "工号", en: "Employee number"),
            maxLength: 32)
        let department = UUID.parse(departmentID, field: "departmentID", into: &validator)
        if department == nil && validator.errors.allSatisfy({ $0.field != "departmentID" }) {
            validator.add(field: "departmentID", zh: "请选择部门", en: "Department is required")
        }
        let post = validator.optional(post, field: "post", label: LocalizedText(zh: "岗位", en: "Post"), maxLength: 100)
        let status = PersonStatus(rawValue: (status ?? PersonStatus.active.rawValue).trimmed)
        if status == nil {
            validator.add(field: "status", zh: "状态无效", en: "Unknown status")
        }
        try validator.check()
        return PersonDraft(
            name: name, employeeNumber: number, departmentID: department ?? UUID(), post: post ?? "",
            isLeader: isLeader ?? false, status: status ?? .active)
    }
}

/// A new account as the system administrator entered it (S1: roles are assigned separately, by the security
/// administrator).
public struct AccountDraft: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var personID: UUID?

    public init(username: String, displayName: String, personID: UUID?) {
        self.username = username
        self.displayName = displayName
        self.personID = personID
    }

    public static func parse(
        username: String?, displayName: String?, personID: String?
    ) throws(DomainError)
        -> AccountDraft
    {
        var validator = FieldValidator()
        let username = validator.required(
            username, field: "username", label: LocalizedText(zh: "用户名", en: "User name"), maxLength: 32
        ).lowercased()
        if !username.isEmpty && !isValidUsername(username) {
            validator.add(
                field: "username", zh: "用户名为 3–32 位小写字母、数字、点、下划线或连字符",
                en: "A user name is 3–32 lower-case letters, digits, dots, underscores or hyphens")
        }
        let displayName = validator.optional(
            displayName, field: "displayName", label: LocalizedText(zh: "显示名", en: "Display name"), maxLength: 50)
        let person = UUID.parse(personID, field: "personID", into: &validator)
        try validator.check()
        return AccountDraft(username: username, displayName: displayName ?? username, personID: person)
    }

    static func isValidUsername(_ name: String) -> Bool {
        (3...32).contains(name.count)
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_"
                    || scalar == "-"
            }
    }
}

extension UUID {
    /// An optional id from user input: empty means none; anything else must be a UUID.
    static func parse(_ text: String?, field: String, into validator: inout FieldValidator) -> UUID? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else {
            validator.add(field: field, zh: "编号格式无效", en: "Not a valid id")
            return nil
        }
        return id
    }
}
