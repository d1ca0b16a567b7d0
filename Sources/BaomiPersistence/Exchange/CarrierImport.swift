import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit

/// One reason a row cannot be registered, pointing at its spreadsheet row and column.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The row as a spreadsheet numbers it: the header is row 1.
    public var row: Int
    /// The column's header as the file spells it (or the one an export would write, when the file lacks it).
    public var column: String
    public var rule: RuleID?
    public var message: LocalizedText

    public init(row: Int, column: String, rule: RuleID?, message: LocalizedText) {
        self.row = row
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `第 7 行「密级」：… / row 7, 密级: … (C1.1)`. The domain's messages already cite their rule where they have
    /// one; the ID is appended only where the text lacks it.
    public var description: String {
        let citation = rule.map { " (\($0))" } ?? ""
        let zh = rule.map { message.zh.contains("(\($0))") } == true ? message.zh : message.zh + citation
        let en = rule.map { message.en.contains("(\($0))") } == true ? message.en : message.en + citation
        return "第 \(row) 行「\(column)」：\(zh) / row \(row), \(column): \(en)"
    }
}

/// Why a file cannot be read as a carrier list at all (its header, not a row).
public struct ImportFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: RuleID?
    public var message: LocalizedText

    public var description: String { message.bilingual + (rule.map { " (\($0))" } ?? "") }
}

/// Bulk registration of carriers from a CSV file (C1, C2, T5.1): every row is parsed by `CarrierDraft.parse` and
/// registered through `CarrierRepository.register`, so an imported carrier meets exactly the rules — and leaves
/// exactly the audit trail — of one registered by hand.
public struct CarrierImport: Sendable {
    /// The rows that passed every check, and every problem of the rows that did not.
    public struct Plan: Sendable {
        public var rows: [(row: Int, draft: CarrierDraft)]
        public var problems: [ImportProblem]
        /// Rows with nothing in them, skipped as spreadsheets leave them below the data.
        public var blankRows: Int
        /// Headers the import reads past (the ledger's own numbers, dates and names).
        public var ignoredColumns: [String]
        /// By row: the number, date and copy states a carrier moving in keeps (C0).
        public var carriedOver: [Int: CarriedOver] = [:]

        /// Rows that had something in them.
        public var rowCount: Int { rows.count + Set(problems.map(\.row)).count }
    }

    public let catalogue: LevelCatalogue
    public let directory: ExchangeDirectory
    /// Who registers the rows: the `--as` account, or the system (`CarrierRegistration.Registrar`).
    public let registrar: CarrierRegistration.Registrar
    /// The confirmation that registers rows under a 文号 already registered or repeated in the file, and why
    /// (`--allow-duplicate-document-number`); recorded in each such carrier's audit record.
    public var duplicateDocumentNumberReason: String?

    public init(
        catalogue: LevelCatalogue, directory: ExchangeDirectory, registrar: CarrierRegistration.Registrar = .system,
        duplicateDocumentNumberReason: String? = nil
    ) {
        self.catalogue = catalogue
        self.directory = directory
        self.registrar = registrar
        let reason = duplicateDocumentNumberReason?.trimmed ?? ""
        self.duplicateDocumentNumberReason = reason.isEmpty ? nil : reason
    }

    // MARK: Checking

    /// Checks every row without writing anything, so an import can be all or nothing (S4).
    public func plan(_ table: CSVTable) throws(ImportFileError) -> Plan {
        guard let header = table.records.first else {
            throw ImportFileError(
                rule: nil, message: LocalizedText(zh: "文件是空的：第一行应为表头", en: "The file is empty: row 1 is the header"))
        }
        let (columns, ignored) = try Self.columns(header.fields)
        var plan = Plan(rows: [], problems: [], blankRows: 0, ignoredColumns: ignored)
        /// 文号 → the first row that carries it: a later row with the same one repeats it (C2).
        var rowsByDocumentNumber: [String: Int] = [:]
        let headerOf = { (column: CarrierColumn) in
            columns.first { $0.value == column }.map { header.fields[$0.key].trimmed } ?? column.chineseHeader
        }
        var numbers: [String: Int] = [:]
        let today = ClearanceRepository.today(Date())
        for (offset, record) in table.records.enumerated().dropFirst() {
            if record.isBlank {
                plan.blankRows += 1
                continue
            }
            var cells: [CarrierColumn: String] = [:]
            for (position, column) in columns where position < record.fields.count {
                cells[column] = CSVWriter.unguarded(record.fields[position]).trimmed
            }
            let row = offset + 1
            let documentNumber = cells[.documentNumber]?.trimmed ?? ""
            let earlier = documentNumber.isEmpty ? nil : rowsByDocumentNumber[documentNumber]
            let checked = check(cells, row: row, headerOf: headerOf, earlierRowWithNumber: earlier)
            // The number, date and copies a carrier brings with it (C0), checked whether or not the rest passed.
            let draft = try? checked.get()
            var (carried, carryProblems) = carryOver(
                cells,
                level: draft?.level
                    ?? cells[.level].flatMap { CarrierVocabulary.level($0, catalogue: catalogue) }
                    .flatMap(catalogue.definition),
                copyCount: draft?.copyCount ?? cells[.copyCount].flatMap(CarrierVocabulary.count), row: row,
                today: today, headerOf: headerOf)
            if let number = carried?.number {
                if let first = numbers[number] {
                    carryProblems.append(
                        ImportProblem(
                            row: row, column: headerOf(.number), rule: RuleID("C1.2"),
                            message: LocalizedText(
                                zh: "载体编号「\(number)」与第 \(first) 行重复", en: "The number \(number) is also on row \(first)"
                            )))
                } else {
                    numbers[number] = row
                }
            }
            switch checked {
            case .success(let draft) where carryProblems.isEmpty:
                plan.rows.append((row, draft))
                if let carried { plan.carriedOver[row] = carried }
            case .success: plan.problems.append(contentsOf: carryProblems)
            case .failure(let problems): plan.problems.append(contentsOf: problems.problems + carryProblems)
            }
            if !documentNumber.isEmpty, earlier == nil { rowsByDocumentNumber[documentNumber] = row }
        }
        return plan
    }

    private struct RowProblems: Error {
        var problems: [ImportProblem]
    }

    /// Maps header positions to columns; refuses unknown, repeated and missing essential columns, because a
    /// misspelt 密级 would otherwise turn every row into the same refusal.
    static func columns(
        _ headers: [String]
    ) throws(ImportFileError) -> (columns: [Int: CarrierColumn], ignored: [String]) {
        var columns: [Int: CarrierColumn] = [:]
        var ignored: [String] = []
        var unknown: [String] = []
        var repeated: [String] = []
        for (position, rawHeader) in headers.enumerated() {
            let header = rawHeader.trimmed
            if header.isEmpty { continue }
            if CarrierColumn.exportOnlyHeaders.contains(header) {
                ignored.append(header)
            } else if let column = CarrierColumn.named(header) {
                if columns.values.contains(column) { repeated.append(header) }
                columns[position] = column
            } else {
                unknown.append(header)
            }
        }
        if !unknown.isEmpty || !repeated.isEmpty {
            let known = CarrierColumn.allCases.map(\.chineseHeader).joined(separator: "、")
            var zh: [String] = []
            var en: [String] = []
            if !unknown.isEmpty {
                zh.append("无法识别的列：\(unknown.joined(separator: "、"))（可用的列名：\(known)，或对应的英文名）")
                en.append(
                    "Unknown columns: \(unknown.joined(separator: ", ")) (known: the Chinese names \(known) or their English names)"
                )
            }
            if !repeated.isEmpty {
                zh.append("重复的列：\(repeated.joined(separator: "、"))")
                en.append("Repeated columns: \(repeated.joined(separator: ", "))")
            }
            throw ImportFileError(
                rule: nil, message: LocalizedText(zh: zh.joined(separator: "；"), en: en.joined(separator: "; ")))
        }
        let present = Set(columns.values)
        var missing: [CarrierColumn] = [.title, .level, .copyCount, .departmentCode].filter { !present.contains($0) }
        if present.isDisjoint(with: [.scopeDepartmentCodes, .scopeEmployeeNumbers, .scopeProjectCodes]) {
            missing.append(.scopeDepartmentCodes)
        }
        if present.isDisjoint(with: [.kind, .form]) { missing.append(.form) }
        if present.isDisjoint(with: [.kind, .category]) { missing.append(.category) }
        if !missing.isEmpty {
            throw ImportFileError(
                rule: RuleID("C1.1"),
                message: LocalizedText(
                    zh: "缺少必需的列：\(missing.map(\.chineseHeader).joined(separator: "、"))",
                    en:
                        "Missing columns: \(missing.map { "\($0.chineseHeader) (\($0.englishHeader))" }.joined(separator: ", "))"
                ))
        }
        return (columns, ignored)
    }

    /// One row: its words resolved to codes and ids, then the domain's own checks — `CarrierDraft.parse` and
    /// `CarrierRegistration.check`, the same two every registration passes — so every problem of the row is
    /// reported at once, each naming the value and, for an unknown one, the values accepted.
    private func check(
        _ cells: [CarrierColumn: String], row: Int, headerOf: (CarrierColumn) -> String, earlierRowWithNumber: Int?
    ) -> Result<CarrierDraft, RowProblems> {
        var problems: [ImportProblem] = []
        func problem(_ column: CarrierColumn, rule: RuleID? = nil, zh: String, en: String) {
            problems.append(
                ImportProblem(row: row, column: headerOf(column), rule: rule, message: LocalizedText(zh: zh, en: en)))
        }
        func unknown(
            _ column: CarrierColumn, _ text: String, rule: RuleID? = nil, label: LocalizedText,
            accepted: AcceptedValues
        ) {
            let message = accepted.refusing(text, label: label)
            problem(column, rule: rule, zh: message.zh, en: message.en)
        }
        func value(_ column: CarrierColumn) -> String? {
            cells[column].flatMap { $0.isEmpty ? nil : $0 }
        }
        let categories = AcceptedValues.of(CarrierCategory.self, title: \.title)
        let forms = AcceptedValues.of(CarrierForm.self, title: \.title)

        var input = CarrierDraft.Input()
        input.title = value(.title)
        input.documentNumber = value(.documentNumber)
        input.notes = value(.notes)
        input.classificationBasis = value(.classificationBasis)
        input.originatingAuthority = value(.originatingAuthority)
        input.duplicateDocumentNumberReason = duplicateDocumentNumberReason

        if let text = value(.level) {
            if let level = CarrierVocabulary.level(text, catalogue: catalogue) {
                input.level = level.rawValue
            } else {
                unknown(
                    .level, text, rule: RuleID("C1.1"), label: LocalizedText(zh: "密级", en: "Level"),
                    accepted: AcceptedValues(catalogue.levels.map { ($0.name.zh, $0.id.rawValue) }))
            }
        }
        if let text = value(.category) {
            if let category = CarrierVocabulary.category(text) {
                input.category = category.rawValue
            } else {
                unknown(
                    .category, text, rule: RuleID("T6"), label: LocalizedText(zh: "内容类别", en: "Category"),
                    accepted: categories)
            }
        }
        if let text = value(.form) {
            if let form = CarrierVocabulary.form(text) {
                input.form = form.rawValue
            } else {
                unknown(.form, text, label: LocalizedText(zh: "载体形态", en: "Form"), accepted: forms)
            }
        }
        if let text = value(.kind) {
            // The ledger's 载体类别 fills whichever of form and category the row leaves open (样品 and 其他 are both).
            let form = CarrierVocabulary.form(text)
            let category = CarrierVocabulary.category(text)
            if form == nil && category == nil {
                unknown(
                    .kind, text, rule: RuleID("T6"), label: LocalizedText(zh: "载体类别", en: "Kind"),
                    accepted: AcceptedValues(forms.values + categories.values))
            }
            if input.form == nil, value(.form) == nil, let form { input.form = form.rawValue }
            if input.category == nil, value(.category) == nil, let category { input.category = category.rawValue }
        }
        if let text = value(.source) {
            if let source = CarrierVocabulary.source(text) {
                input.source = source.rawValue
            } else {
                unknown(
                    .source, text, label: LocalizedText(zh: "来源", en: "Source"),
                    accepted: .of(CarrierSource.self, title: \.title))
            }
        }
        input.period = value(.period).flatMap(CarrierVocabulary.period)
        if let text = value(.copyCount) {
            if let count = CarrierVocabulary.count(text) {
                input.copyCount = count
            } else {
                problem(
                    .copyCount, rule: RuleID("C1.1"), zh: "份数须为整数，而不是「\(text)」",
                    en: "Copies must be a whole number, not \"\(text)\"")
            }
        }
        if let text = value(.declaredCount) {
            if let count = CarrierVocabulary.count(text) {
                input.declaredCount = count
            } else {
                problem(
                    .declaredCount, rule: RuleID("C2"), zh: "来文份数须为整数，而不是「\(text)」",
                    en: "The dispatch note's count must be a whole number, not \"\(text)\"")
            }
        }
        if let text = cells[.copyingAllowed] {
            if let allowed = CarrierVocabulary.flag(text) {
                input.copyingAllowed = allowed
            } else {
                problem(
                    .copyingAllowed, zh: "允许复制只能填是或否（是、否、允许、不允许、yes、no），而不是「\(text)」",
                    en: "Copying allowed is yes or no (是, 否, yes, no, true, false), not \"\(text)\"")
            }
        }
        // `CarrierDraft.parse` reads the day (also 2026/3/1 or 2026年3月1日) and refuses one that does not exist.
        input.classifiedOn = value(.classifiedOn)

        if let code = value(.departmentCode) {
            if let id = directory.units[code] {
                input.departmentID = id.uuidString
            } else {
                unknown(
                    .departmentCode, code, label: LocalizedText(zh: "部门编码", en: "Department code"),
                    accepted: .codes(Array(directory.units.keys)))
            }
        }
        if let code = value(.projectCode) {
            if let id = directory.projects[code] {
                input.projectID = id.uuidString
            } else {
                unknown(
                    .projectCode, code, label: LocalizedText(zh: "项目编号", en: "Project code"),
                    accepted: .codes(Array(directory.projects.keys)))
            }
        }
        var classifier: ExchangeDirectory.Person?
        if let number = value(.classifierEmployeeNumber) {
            classifier = directory.people[number]
            if let classifier {
                input.classifierID = classifier.id.uuidString
            } else {
                let classifiers = directory.people.filter { $0.value.classifierMaxLevel != nil }.map(\.key)
                unknown(
                    .classifierEmployeeNumber, number, rule: RuleID("T5.1"),
                    label: LocalizedText(zh: "定密责任人工号", en: "Classifying official's employee number"),
                    accepted: .codes(classifiers))
            }
        }
        func resolve(
            _ column: CarrierColumn, _ lookup: (String) -> UUID?, label: LocalizedText,
            accepted: @autoclosure () -> AcceptedValues
        ) -> [String]? {
            guard let text = value(column) else { return nil }
            var ids: [String] = []
            for code in CarrierVocabulary.list(text) {
                if let id = lookup(code) {
                    ids.append(id.uuidString)
                } else {
                    unknown(column, code, rule: RuleID("C1.1"), label: label, accepted: accepted())
                }
            }
            return ids
        }
        input.scopeDepartments = resolve(
            .scopeDepartmentCodes, { directory.units[$0] },
            label: LocalizedText(zh: "知悉范围部门编码", en: "Scope department code"),
            accepted: .codes(Array(directory.units.keys)))
        input.scopePeople = resolve(
            .scopeEmployeeNumbers, { directory.people[$0]?.id },
            label: LocalizedText(zh: "知悉范围人员工号", en: "Scope employee number"),
            accepted: .codes(Array(directory.people.keys), limit: 20))
        input.scopeProjects = resolve(
            .scopeProjectCodes, { directory.projects[$0] },
            label: LocalizedText(zh: "知悉范围项目编号", en: "Scope project code"),
            accepted: .codes(Array(directory.projects.keys)))

        // The domain's parse decides everything else (C1.1, C1.2, C9, T5.1, C2); a field that already has a problem
        // above is not reported twice.
        func report(_ errors: [FieldError]) {
            let reported = Set(problems.map(\.column))
            for fieldError in errors {
                let column = CarrierColumn.forField(fieldError.field) ?? .title
                if reported.contains(headerOf(column)) { continue }
                problems.append(
                    ImportProblem(
                        row: row, column: headerOf(column), rule: fieldError.rule, message: fieldError.message))
            }
        }
        let draft: CarrierDraft
        do {
            draft = try CarrierDraft.parse(input, catalogue: catalogue)
        } catch {
            if case .invalid(let errors) = error { report(errors) }
            return .failure(RowProblems(problems: problems))
        }
        if !problems.isEmpty { return .failure(RowProblems(problems: problems)) }

        // What `CarrierRepository.register` decides inside its transaction, asked now with what the directory knows,
        // so that a bad row stops the import before anything is written.
        report(
            CarrierRegistration.check(
                draft,
                CarrierRegistration.Facts(
                    registrar: registrar,
                    classifier: classifier.map {
                        CarrierRegistration.Classifier(
                            name: $0.name, authority: $0.classifierMaxLevel,
                            subject: $0.subject
                                ?? AccessSubject(
                                    personID: $0.id, departmentID: $0.departmentID, roles: [], postClass: .nonSecret,
                                    clearance: .none))
                    },
                    carriersWithDocumentNumber: directory.documentNumbers[draft.documentNumber] ?? 0,
                    today: directory.today),
                postClasses: directory.postClasses, levels: catalogue))
        if let earlier = earlierRowWithNumber, draft.duplicateDocumentNumberReason == nil,
            !problems.contains(where: { $0.column == headerOf(.documentNumber) })
        {
            problem(
                .documentNumber, rule: RuleID("C2"),
                zh: "文号「\(draft.documentNumber)」与第 \(earlier) 行重复：同一文号只登记一次；若确为另一载体，"
                    + "请用 --allow-duplicate-document-number 写明理由",
                en:
                    "The document number \"\(draft.documentNumber)\" repeats row \(earlier): one document is registered "
                    + "once; if this is another carrier, give the reason with --allow-duplicate-document-number")
        }
        return problems.isEmpty ? .success(draft) : .failure(RowProblems(problems: problems))
    }

    // MARK: Registering

    /// What a registration run did.
    public struct Outcome: Sendable {
        public var registered: Int
        public var copies: Int
        public var seconds: Double
        /// The row whose registration failed although it passed the checks (the database changed meanwhile, or a
        /// rule only the register knows), and the error. All or nothing: then `registered` is 0.
        public var failure: (row: Int, error: any Error)?

        public var rowsPerSecond: Double { seconds > 0 ? Double(registered) / seconds : 0 }
    }

    private struct RowFailure: Error {
        var row: Int
        var error: any Error
    }

    /// Registers the checked rows through `CarrierRepository.register`, in file order.
    ///
    /// `atomically`: every row inside one outer transaction — each `register` joins it, with its own audit records —
    /// so a row that fails after all rows passed the checks takes the whole import back with it (S4), and `finish`
    /// writes its summary in the same transaction. The outer transaction is the store's (`Store.write`): it holds
    /// the write gate and, on SQLite, the file's write lock from its first statement (`BEGIN IMMEDIATE`, waiting as
    /// long as the store's writer waits for a server's writes to let it in) until it commits, so a server beside it
    /// answers its own writes 503 meanwhile. Otherwise each row commits on its own and the run stops at the first
    /// failure.
    public func register(
        _ plan: Plan, registrarPersonID: UUID?, by actor: AuditActor, store: Store, on database: any Database,
        atomically: Bool = true, progress: @escaping @Sendable (Int) -> Void = { _ in },
        finish: @escaping @Sendable (_ registered: Int, _ copies: Int, any Database) async throws -> Void = { _, _, _ in
        }
    ) async -> Outcome {
        let repository = CarrierRepository(store: store)
        let rows = plan.rows
        let start = ContinuousClock.now
        @Sendable func registerRows(on database: any Database, stopEarly: Bool) async throws -> (Int, Int, RowFailure?)
        {
            var registered = 0
            var copies = 0
            for (row, draft) in rows {
                do {
                    let carrier = try await repository.register(
                        draft, registrarPersonID: registrarPersonID, by: actor, on: database)
                    if let carried = plan.carriedOver[row] {
                        try await repository.carryOver(carried, to: carrier, by: actor, on: database)
                    }
                } catch {
                    if stopEarly { return (registered, copies, RowFailure(row: row, error: error)) }
                    throw RowFailure(row: row, error: error)
                }
                registered += 1
                copies +=
                    draft.copyCount
                    + (plan.carriedOver[row]?.copies.filter { $0.serial > draft.copyCount }.count ?? 0)
                progress(registered)
            }
            try await finish(registered, copies, database)
            return (registered, copies, nil)
        }
        var outcome = Outcome(registered: 0, copies: 0, seconds: 0, failure: nil)
        do {
            let (registered, copies, failure) =
                atomically
                ? try await store.write(on: database) { transaction in
                    try await registerRows(on: transaction, stopEarly: false)
                }
                : try await registerRows(on: database, stopEarly: true)
            outcome.registered = registered
            outcome.copies = copies
            outcome.failure = failure.map { ($0.row, $0.error) }
        } catch let failure as RowFailure {
            outcome.failure = (failure.row, failure.error)
        } catch {
            outcome.failure = (rows.last?.row ?? 0, error)
        }
        let elapsed = ContinuousClock.now - start
        outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return outcome
    }
}

extension CarrierImport {
    /// The SHA-256 of an import file, recorded in the audit trail so the very file can be identified later (A5).
    public static func fingerprint(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).lowercaseHex
    }
}
