import BaomiDomain
import FluentKit
import Foundation

/// `baomi import places`: storage places from a CSV file by codes (C6). Each row is parsed by
/// `StoragePlaceRepository.PlaceDraft.parse` and saved through `StoragePlaceRepository.save`, so a place meets the
/// rules — and leaves the audit record — of one created on the page (保密办, manageStoragePlaces).
public struct PlacesImport: Sendable {
    public enum Column: String, DirectoryColumn {
        case code, name, kind, maxLevel, departmentCode, custodianEmployeeNumber, location

        public var chineseHeader: String {
            switch self {
            case .code: "编号"
            case .name: "名称"
            case .kind: "类型"
            case .maxLevel: "最高密级"
            case .departmentCode: "部门编码"
            case .custodianEmployeeNumber: "保管人工号"
            case .location: "位置"
            }
        }

        public static let required: [Column] = [.code, .name, .kind, .maxLevel, .departmentCode]
    }

    public struct Plan: Sendable {
        public var places: [StoragePlaceRepository.PlaceDraft] = []
        public var problems: [ImportProblem] = []
        public var blankRows = 0
        public var rowCount = 0
    }

    public let catalogue: LevelCatalogue
    public let directory: ExchangeDirectory

    public init(catalogue: LevelCatalogue, directory: ExchangeDirectory) {
        self.catalogue = catalogue
        self.directory = directory
    }

    public func plan(_ table: CSVTable) throws(ImportFileError) -> Plan {
        let sheet = try DirectorySheet<Column>.read(table)
        var plan = Plan(blankRows: sheet.blankRows, rowCount: sheet.rows.count)
        var inFile: [String: Int] = [:]
        for row in sheet.rows {
            var problems: [ImportProblem] = []
            if let code = row.value(.code) {
                if directory.places[code] != nil {
                    problems.append(
                        sheet.problem(
                            row, .code, rule: RuleID("C6"), zh: "编号「\(code)」已被使用",
                            en: "The code \(code) is already in use"))
                } else if let first = inFile[code] {
                    problems.append(
                        sheet.problem(
                            row, .code, rule: RuleID("C6"), zh: "编号「\(code)」与第 \(first) 行重复",
                            en: "The code \(code) is also on row \(first)"))
                } else {
                    inFile[code] = row.row
                }
            }
            var kind: String?
            if let text = row.value(.kind) {
                kind = DirectoryVocabulary.word(text, \StorageClass.title)?.rawValue
                if kind == nil {
                    problems.append(
                        sheet.problem(
                            row, .kind, rule: RuleID("C6"),
                            zh: "无法识别的类型「\(text)」，应为：\(DirectoryVocabulary.words(\StorageClass.title))",
                            en:
                                "Unknown kind \"\(text)\"; use one of \(StorageClass.allCases.map(\.rawValue).joined(separator: ", "))"
                        ))
                }
            }
            var level: String?
            if let text = row.value(.maxLevel) {
                level = CarrierVocabulary.level(text, catalogue: catalogue)?.rawValue
                if level == nil {
                    problems.append(
                        sheet.problem(
                            row, .maxLevel, rule: RuleID("C6"),
                            zh: "无法识别的密级「\(text)」，应为：\(catalogue.levels.map(\.name.zh).joined(separator: "、"))",
                            en:
                                "Unknown level \"\(text)\"; use one of \(catalogue.levels.map(\.id.rawValue).joined(separator: ", "))"
                        ))
                }
            }
            var department: String?
            if let code = row.value(.departmentCode) {
                department = directory.units[code]?.uuidString
                if department == nil {
                    problems.append(
                        sheet.problem(
                            row, .departmentCode, rule: .t4,
                            zh: "部门编码「\(code)」未登记（已登记的编码：\(DirectoryVocabulary.someOf(directory.units.keys))）",
                            en: "The department code \(code) is not registered"))
                }
            }
            var custodian: String?
            if let number = row.value(.custodianEmployeeNumber) {
                custodian = directory.people[number]?.id.uuidString
                if custodian == nil {
                    problems.append(
                        sheet.problem(
                            row, .custodianEmployeeNumber, zh: "工号「\(number)」未登记",
                            en: "No person has the employee number \(number)"))
                }
            }
            do {
                // A cell already refused above is passed on as a stand-in, so the draft's own checks add nothing twice.
                let draft = try StoragePlaceRepository.PlaceDraft.parse(
                    code: row.value(.code), name: row.value(.name),
                    kind: kind ?? (row.value(.kind) == nil ? nil : StorageClass.vault.rawValue),
                    maxLevel: level ?? (row.value(.maxLevel) == nil ? nil : catalogue.levels.first?.id.rawValue),
                    custodianID: custodian,
                    departmentID: department ?? (row.value(.departmentCode) == nil ? nil : UUID().uuidString),
                    location: row.value(.location), catalogue: catalogue)
                if problems.isEmpty { plan.places.append(draft) }
            } catch {
                problems += OrganisationImport.problems(
                    error, row: row, sheet: sheet, besides: problems,
                    column: {
                        switch $0 {
                        case "departmentID": .departmentCode
                        case "custodianID": .custodianEmployeeNumber
                        default: Column(rawValue: $0)
                        }
                    })
            }
            plan.problems += problems
        }
        if !plan.problems.isEmpty { plan.places = [] }
        return plan
    }

    /// Saves the planned places, on `database` (the caller's transaction).
    public func register(
        _ plan: Plan, by actor: AuditActor, store: Store, on database: any Database
    ) async throws
        -> Int
    {
        let repository = StoragePlaceRepository(store: store)
        for draft in plan.places {
            try await repository.save(draft, id: nil, by: actor, on: database)
        }
        return plan.places.count
    }
}
