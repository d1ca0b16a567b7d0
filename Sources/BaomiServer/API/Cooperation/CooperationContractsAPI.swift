import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `/api/v1/cooperation-contracts…`: the 外协保密协议台账 (T23). The security office records and changes contracts;
/// whoever may see agreements sees them, a secrecy officer or leader only their departments' (`AgreementVisibility`).
enum CooperationContractsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Cooperation contract UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "cooperation-contracts", operationID: "listCooperationContracts",
                tag: "agreements", summary: "外协保密协议台账: cooperation contracts the caller may see (T23)",
                responseSchema: "CooperationContract", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "cooperation-contracts", operationID: "createCooperationContract",
                tag: "agreements",
                summary:
                    "Record a cooperation contract; secret cooperation already started needs a secrecy agreement or clause (T23)",
                requestSchema: "CooperationContractInput", responseSchema: "CooperationContract", successStatus: 201),
            on: routes, create)
        registry.register(
            APIOperation(
                method: .GET, path: "cooperation-contracts/{id}", operationID: "getCooperationContract",
                tag: "agreements", summary: "One cooperation contract", parameters: [id],
                responseSchema: "CooperationContract"), on: routes, detail)
        registry.register(
            APIOperation(
                method: .PUT, path: "cooperation-contracts/{id}", operationID: "updateCooperationContract",
                tag: "agreements",
                summary: "Replace a cooperation contract's facts, e.g. once its agreement is signed (T23)",
                parameters: [id], requestSchema: "CooperationContractInput", responseSchema: "CooperationContract"),
            on: routes, update)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let contracts = try await request.baomi.cooperation.contracts(
            departments: try await request.agreementDepartments(viewer), on: request.db)
        let today = ClearanceRepository.today(request.baomi.clock())
        return try request.json(contracts.map { CooperationContractDTO($0, today: today) })
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let contract = try await request.visibleCooperationContract(try request.uuidParameter(), viewer: viewer)
        return try answer(contract, request: request)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(CooperationContractInput.self)
        let contract = try await request.baomi.cooperation.create(
            body.draft, levels: try await request.baomi.settings.levelCatalogue(on: request.db),
            by: viewer.auditActor, on: request.db)
        return try answer(
            try await request.baomi.cooperation.contract(try contract.requireID(), on: request.db), request: request,
            status: .created)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(CooperationContractInput.self)
        let contract = try await request.baomi.cooperation.update(
            try request.uuidParameter(), body.draft,
            levels: try await request.baomi.settings.levelCatalogue(on: request.db), by: viewer.auditActor,
            on: request.db)
        return try answer(
            try await request.baomi.cooperation.contract(try contract.requireID(), on: request.db), request: request)
    }

    private static func answer(
        _ contract: CooperationContractModel, request: Request, status: HTTPStatus = .ok
    ) throws -> Response {
        try request.json(
            CooperationContractDTO(contract, today: ClearanceRepository.today(request.baomi.clock())), status: status)
    }
}

extension BaomiServices {
    /// The 外协保密协议台账 (T23); cheap to make, so made where used.
    var cooperation: CooperationContractRepository { CooperationContractRepository(store: store, clock: clock) }
}

extension Request {
    /// A contract the viewer may see, or "not found": the security office sees all, a secrecy officer or leader
    /// their departments' (the agreements' visibility).
    func visibleCooperationContract(_ id: UUID, viewer: Viewer) async throws -> CooperationContractModel {
        let contract = try await baomi.cooperation.contract(id, on: db)
        if let departments = try await agreementDepartments(viewer), !departments.contains(contract.$department.id) {
            throw DomainError.notFound(zh: "合作合同不存在", en: "No such cooperation contract")
        }
        return contract
    }
}
