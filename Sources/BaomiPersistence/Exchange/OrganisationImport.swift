import BaomiDomain
import FluentKit
import Foundation

/// `baomi import org`: the org-unit tree from a CSV file by codes (T4). Each row is parsed by `OrgUnitDraft.parse` and
/// created through `OrganisationRepository.createUnit`, so it meets the rules — and leaves the audit record — of a unit
/// created on the page; a parent may be a unit already registered or one on any row of the file.
public struct OrganisationImport: Sendable {
    public enum Column: String, DirectoryColumn {
        case code, name, kind, parentCode, keyDepartment, sortOrder

        public var chineseHeader: String {
            switch self {
            case .code: "编码"
            case .name: "名称"
            case .kind: "类型"
            case .parentCode: "上级编码"
            case .keyDepartment: "要害部门"
            case .sortOrder: "排序"
            }
        }

        public static let required: [Column] = [.code, .name]
    }

    public struct Unit: Sendable {
        public var row: Int
        /// Its parent's id is filled in when the parent is created, if the parent is on the file.
        public var draft: OrgUnitDraft
        public var parentCode: String?
    }

    public struct Plan: Sendable {
        /// Parents before children.
        public var units: [Unit] = []
        public var problems: [ImportProblem] = []
        public var blankRows = 0
        public var rowCount = 0
    }

    /// Codes already registered → id.
    public let existing: [String: UUID]

    public init(existing: [String: UUID]) {
        self.existing = existing
    }

    public func plan(_ table: CSVTable) throws(ImportFileError) -> Plan {
        let sheet = try DirectorySheet<Column>.read(table)
        var plan = Plan(blankRows: sheet.blankRows, rowCount: sheet.rows.count)
        var inFile: [String: Int] = [:]
        for row in sheet.rows {
            if let code = row.value(.code) {
                if let first = inFile[code] {
                    plan.problems.append(
                        sheet.problem(
                            row, .code, rule: .t4, zh: "编码「\(code)」与第 \(first) 行重复",
                            en: "The code \(code) is also on row \(first)"))
                } else {
                    inFile[code] = row.row
                }
            }
        }
        var parsed: [Unit] = []
        for row in sheet.rows {
            var problems: [ImportProblem] = []
            var kind = OrgUnitKind.department.rawValue
            if let text = row.value(.kind) {
                if let value = DirectoryVocabulary.word(text, \OrgUnitKind.title) {
                    kind = value.rawValue
                } else {
                    problems.append(
                        sheet.problem(
                            row, .kind, zh: "无法识别的类型「\(text)」，应为：\(DirectoryVocabulary.words(\OrgUnitKind.title))",
                            en: "Unknown kind \"\(text)\"; use unit (单位) or department (部门)"))
                }
            }
            let parentCode = row.value(.parentCode)
            var parentID: String?
            if let parentCode {
                if let id = existing[parentCode] {
                    parentID = id.uuidString
                } else if inFile[parentCode] != nil {
                    parentID = UUID().uuidString  // stands in until the parent is created
                } else {
                    problems.append(
                        sheet.problem(
                            row, .parentCode, rule: .t4,
                            zh: "上级编码「\(parentCode)」既未登记也不在本文件中（已登记的编码：\(DirectoryVocabulary.someOf(existing.keys))）",
                            en: "The parent code \(parentCode) is neither registered nor in this file"))
                }
            }
            var key: Bool?
            if let text = row.value(.keyDepartment) {
                key = DirectoryVocabulary.yesNo(text)
                if key == nil {
                    problems.append(
                        sheet.problem(
                            row, .keyDepartment, zh: "「\(text)」应为：\(DirectoryVocabulary.yesNoWords)",
                            en: "\"\(text)\" should be yes or no (是/否)"))
                }
            }
            var order: Int?
            if let text = row.value(.sortOrder) {
                order = Int(text)
                if order == nil {
                    problems.append(
                        sheet.problem(row, .sortOrder, zh: "排序应为整数", en: "The sort order is a whole number"))
                }
            }
            if let code = row.value(.code), existing[code] != nil {
                problems.append(
                    sheet.problem(
                        row, .code, rule: .t4, zh: "编码「\(code)」已被使用", en: "The code \(code) is already in use"))
            }
            do {
                let draft = try OrgUnitDraft.parse(
                    name: row.value(.name), code: row.value(.code), kind: kind,
                    parentID: parentCode == nil ? nil : parentID, isKeyDepartment: key, sortOrder: order)
                if problems.isEmpty {
                    parsed.append(Unit(row: row.row, draft: draft, parentCode: parentCode))
                }
            } catch {
                problems += Self.problems(
                    error, row: row, sheet: sheet, besides: problems,
                    column: { $0 == "parentID" ? .parentCode : Column(rawValue: $0) })
            }
            plan.problems += problems
        }
        // Parents first; a loop of parents within the file can never be created.
        var placed = Set(existing.keys)
        var waiting = parsed
        while !waiting.isEmpty {
            let ready = waiting.filter { $0.parentCode.map(placed.contains) ?? true }
            if ready.isEmpty {
                for unit in waiting {
                    plan.problems.append(
                        ImportProblem(
                            row: unit.row, column: sheet.header(.parentCode), rule: .t4,
                            message: LocalizedText(
                                zh: "上级编码「\(unit.parentCode ?? "")」无法先于本行建立（上级有误或形成循环）",
                                en:
                                    "The parent \(unit.parentCode ?? "") cannot be created first (a bad parent or a loop)"
                            )))
                }
                break
            }
            plan.units += ready
            placed.formUnion(ready.map(\.draft.code))
            waiting.removeAll { unit in ready.contains { $0.row == unit.row } }
        }
        plan.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        if !plan.problems.isEmpty { plan.units = [] }
        return plan
    }

    /// The domain's field errors at their columns, except where a column already has a problem.
    static func problems<C: DirectoryColumn>(
        _ error: DomainError, row: DirectorySheet<C>.Row, sheet: DirectorySheet<C>, besides: [ImportProblem],
        column: (String) -> C? = { C(rawValue: $0) }
    ) -> [ImportProblem] {
        guard case .invalid(let errors) = error else {
            return [
                ImportProblem(
                    row: row.row, column: "", rule: nil, message: LocalizedText(zh: "\(error)", en: "\(error)"))
            ]
        }
        let reported = Set(besides.map(\.column))
        return errors.compactMap { fieldError in
            let header = column(fieldError.field).map(sheet.header) ?? fieldError.field
            if reported.contains(header) { return nil }
            return ImportProblem(row: row.row, column: header, rule: fieldError.rule, message: fieldError.message)
        }
    }

    /// Creates the planned units in order, on `database` (the caller's transaction).
    public func register(
        _ plan: Plan, by actor: AuditActor, store: Store, on database: any Database
    ) async throws
        -> Int
    {
        let repository = OrganisationRepository(store: store)
        var ids = existing
        for unit in plan.units {
            var draft = unit.draft
            if let parentCode = unit.parentCode { draft.parentID = ids[parentCode] }
            let created = try await repository.createUnit(draft, by: actor, on: database)
            ids[draft.code] = try created.requireID()
        }
        return plan.units.count
    }
}
