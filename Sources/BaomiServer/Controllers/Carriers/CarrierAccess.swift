import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension Request {
    /// The viewer's department (through their person), for a secrecy officer's stewardship of it (T5.2).
    func viewerDepartment(_ viewer: Viewer) async throws -> UUID? {
        try await accessSubject(viewer).departmentID
    }

    /// The departments whose carriers this viewer may list; nil means all of them.
    func carrierDepartments(_ viewer: Viewer) async throws -> Set<UUID>? {
        CarrierStewardship.departments(roles: viewer.roles, viewerDepartment: try await viewerDepartment(viewer))
    }

    /// The viewer as the access decision sees them (A2, A3, A4, A7), worked out once per request.
    func accessSubject(_ viewer: Viewer) async throws -> AccessSubject {
        if let cached = storage[AccessSubjectKey.self] { return cached }
        let subject: AccessSubject
        if let person = viewer.account.$person.value {
            // The session read the person with the account.
            subject = ClearanceRepository.subject(
                person: person, roles: viewer.roles, levels: try await levelCatalogue(),
                postClasses: try await postClassCatalogue(), today: ClearanceRepository.today(baomi.clock()))
        } else {
            subject = try await baomi.clearances.subject(
                personID: viewer.account.$person.id, roles: viewer.roles, levels: try await levelCatalogue(),
                postClasses: try await postClassCatalogue(), on: db)
        }
        storage[AccessSubjectKey.self] = subject
        return subject
    }

    /// A carrier as the access decision sees it (label, scope, departments), worked out once per request.
    func accessObject(_ carrier: CarrierModel) async throws -> AccessObject {
        let id = try carrier.requireID()
        if let cached = storage[AccessObjectsKey.self]?[id] { return cached }
        let object = try await baomi.clearances.object(carrier, levels: try await levelCatalogue(), on: reads)
        var objects = storage[AccessObjectsKey.self] ?? [:]
        objects[id] = object
        storage[AccessObjectsKey.self] = objects
        return object
    }

    /// The security policy, level catalogue and post classes, read together once per request: a request judges
    /// everything by one version of them.
    func settings() async throws -> SettingsSnapshot {
        if let cached = storage[SettingsSnapshotKey.self] { return cached }
        let settings = try await baomi.settings.snapshot(on: reads)
        storage[SettingsSnapshotKey.self] = settings
        return settings
    }

    /// The level catalogue (A1) of this request's settings.
    func levelCatalogue() async throws -> LevelCatalogue { try await settings().levels }

    /// The secret-post classes (A2) of this request's settings.
    func postClassCatalogue() async throws -> PostClassCatalogue { try await settings().postClasses }

    /// The ledger's SQL twin of the access decision for this viewer.
    func ledgerViewer(_ viewer: Viewer) async throws -> CarrierLedgerQuery.Viewer {
        CarrierLedgerQuery.Viewer(subject: try await accessSubject(viewer), levels: try await levelCatalogue())
    }

    /// Who may see which requests: the departments looked after and the clearance (A2, T5.2).
    func requestScope(_ viewer: Viewer) async throws -> RequestScope {
        RequestScope(departments: try await carrierDepartments(viewer), clearance: try await ledgerViewer(viewer))
    }

    /// The one access decision for one carrier (A2, A3, T5.2). A refusal is audited; a carrier above the viewer's
    /// clearance answers 404 as if it did not exist, anything else 403 with the rule and what would allow it.
    func requireAccess(_ action: AccessAction, to carrier: CarrierModel, viewer: Viewer) async throws {
        let verdict = AccessDecision.decide(
            try await accessSubject(viewer), action, try await accessObject(carrier),
            postClasses: try await postClassCatalogue(), levels: try await levelCatalogue())
        guard let refusal = verdict.refusal else { return }
        try await baomi.store.record(
            [
                AuditEvent(
                    action: .accessDenied,
                    subject: AuditSubject(type: "carrier", id: carrier.id?.uuidString, label: carrier.number),
                    outcome: .refused, rule: refusal.rule,
                    details: ["reason": refusal.reason.zh, "action": action.rawValue])
            ],
            by: viewer.auditActor, on: db)
        if verdict.isInvisible { throw DomainError.notFound(zh: "载体不存在", en: "No such carrier") }
        throw RequestFailure.accessDenied(refusal)
    }

    /// Managing a carrier: the security office, or the secrecy officer of a department that registers, keeps or
    /// receives one of its copies — within their clearance (T5.2, A2).
    func requireStewardship(of carrier: CarrierModel, viewer: Viewer) async throws {
        try await requireAccess(.manage, to: carrier, viewer: viewer)
    }

    func requireStewardship(of copy: CopyModel, viewer: Viewer) async throws {
        try await requireAccess(.manage, to: copy.carrier, viewer: viewer)
    }

    /// Records in the audit trail that the viewer looked at a carrier's or a copy's record (A5). A page view is not
    /// a reading: the reading register keeps hand-overs, readings in place and takings (C4, T2).
    func auditCarrierView(_ carrier: CarrierModel, copy: CopyModel? = nil, viewer: Viewer) async throws {
        var details: [String: String] = [:]
        if let copy { details["serial"] = String(copy.serial) }
        try await baomi.store.record(
            [
                AuditEvent(
                    action: .carrierView,
                    subject: AuditSubject(
                        type: "carrier", id: carrier.id?.uuidString, label: "\(carrier.number) \(carrier.title)"),
                    outcome: .success, rule: nil, details: details)
            ],
            by: viewer.auditActor, on: db)
    }
}

struct RequestScope {
    var departments: Set<UUID>?
    var clearance: CarrierLedgerQuery.Viewer
}

extension CarrierLedgerQuery.Viewer {
    /// Whether the clearance covers the carrier's label: its level and its project (A2). Need-to-know is the
    /// caller's (stewardship, or the scope).
    func clears(_ carrier: CarrierModel) -> Bool {
        levels.contains(carrier.level) && (carrier.$project.id.map(projects.contains) ?? true)
    }
}

private struct AccessSubjectKey: StorageKey {
    typealias Value = AccessSubject
}

private struct AccessObjectsKey: StorageKey {
    typealias Value = [UUID: AccessObject]
}

private struct SettingsSnapshotKey: StorageKey {
    typealias Value = SettingsSnapshot
}

/// CSV that Excel opens correctly (LEDGERS.md): UTF-8 with a byte-order mark, Chinese headers, one row per record.
enum CSV {
    static func document(headers: [String], rows: [[String]]) -> String {
        ([headers] + rows).map(CSVWriter.record).joined()
    }

    static func response(_ text: String, filename: String) -> Response {
        var body = ByteBuffer()
        body.writeBytes([0xEF, 0xBB, 0xBF])
        body.writeString(text)
        let response = Response(status: .ok, body: .init(buffer: body))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export.csv"
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"export.csv\"; filename*=UTF-8''\(encoded)")
        return response
    }
}
