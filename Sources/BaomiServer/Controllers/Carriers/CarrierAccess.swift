import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension Request {
    /// The viewer's department (through their person), for a secrecy officer's stewardship of it (T5.2).
    func viewerDepartment(_ viewer: Viewer) async throws -> UUID? {
        guard let personID = viewer.account.$person.id else { return nil }
        return try await PersonModel.find(personID, on: db)?.$department.id
    }

    /// The departments whose carriers this viewer may list; nil means all of them.
    func carrierDepartments(_ viewer: Viewer) async throws -> Set<UUID>? {
        CarrierStewardship.departments(roles: viewer.roles, viewerDepartment: try await viewerDepartment(viewer))
    }

    /// Refuses (and records the refusal) unless the viewer looks after this carrier's department, or one of
    /// `departments` when given (a copy kept by, or on its way to, another department).
    func requireStewardship(
        of carrier: CarrierModel, viewer: Viewer, departments: [UUID]? = nil
    ) async throws {
        let viewerDepartment = try await viewerDepartment(viewer)
        let decisions = (departments ?? [carrier.$department.id]).map {
            CarrierStewardship.decide(roles: viewer.roles, viewerDepartment: viewerDepartment, carrierDepartment: $0)
        }
        if !decisions.contains(where: \.isAllowed), let refusal = decisions.first?.refusal {
            try await baomi.store.record(
                [
                    AuditEvent(
                        action: .accessDenied,
                        subject: AuditSubject(type: "carrier", id: carrier.id?.uuidString, label: carrier.number),
                        outcome: .refused, rule: refusal.rule, details: ["reason": refusal.reason.zh])
                ],
                by: viewer.auditActor, on: db)
            throw RequestFailure.accessDenied(refusal)
        }
    }

    /// A copy is looked after by its carrier's department, the department keeping it, and while in transit inside
    /// the organisation the department that will sign for it (C2).
    func requireStewardship(of copy: CopyModel, viewer: Viewer) async throws {
        let departments =
            [copy.carrier.$department.id, copy.departmentID] + [copy.receivingDepartmentID].compactMap { $0 }
        try await requireStewardship(of: copy.carrier, viewer: viewer, departments: departments)
    }

    /// Records that the viewer looked at a carrier (A5); the full reading register comes with C4.
    func recordCarrierView(_ carrier: CarrierModel, copy: CopyModel? = nil, viewer: Viewer) async throws {
        var details: [String: String] = [:]
        if let copy { details["serial"] = String(copy.serial) }
        try await baomi.store.record(
            [
                AuditEvent(
                    action: .carrierView,
                    subject: AuditSubject(
                        type: "carrier", id: carrier.id?.uuidString, label: "\(carrier.number) \(carrier.title)"),
                    details: details)
            ],
            by: viewer.auditActor, on: db)
    }
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
