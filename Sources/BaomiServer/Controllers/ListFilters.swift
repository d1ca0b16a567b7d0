import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The filters of the lists that the API and the pages share, read strictly through `QueryParameters` (#12): a
/// bad value is a 400 naming what is accepted, on the page and in the API alike.
extension Request {
    /// `?department=&q=` of the people list (the API calls the department `departmentID`).
    func peopleFilter(departmentParameter: String) async throws -> (department: UUID?, search: String?) {
        var parameters = QueryParameters(self)
        let department =
            parameters.raw(departmentParameter) == nil
            ? nil
            : parameters.department(departmentParameter, units: try await baomi.organisation.units(on: db))
        let search = parameters.text("q", maxLength: 100)
        try parameters.check()
        return (department, search)
    }

    /// `?kind=&waiting=` of the request list.
    func requestListFilter() throws -> (kind: RequestKind?, waiting: Bool) {
        var parameters = QueryParameters(self)
        let kind = parameters.choice("kind", RequestKind.self)
        let waiting = parameters.flag("waiting")
        try parameters.check()
        return (kind, waiting)
    }

    /// `?mine=&out=` of the loan list.
    func loanListFilter() throws -> (mine: Bool, out: Bool) {
        var parameters = QueryParameters(self)
        let mine = parameters.flag("mine")
        let out = parameters.flag("out")
        try parameters.check()
        return (mine, out)
    }
}
