import Foundation

/// The pages of agreements (T8, T9, T15, L1.1, #16): the 保密协议台账 with its downloads, the versioned texts, and a
/// person's agreements with their signatures, scans and allowances.
enum AgreementPage: Hashable, Sendable {
    case ledger
    case ledgerExport
    case ledgerWorkbook
    case texts
    case person(UUID)
    case steps(UUID)
    case scans(UUID)
    case scan(UUID)
    case payments(UUID)
    case paid(UUID)
    /// 外协保密协议台账 (T23): cooperation contracts with outside parties and their secrecy coverage.
    case cooperation
    case cooperationExport
    case cooperationWorkbook
    case cooperationNew
    case cooperationContract(UUID)

    var path: String {
        switch self {
        case .ledger: "/agreements/ledger"
        case .ledgerExport: "/agreements/ledger/export.csv"
        case .ledgerWorkbook: "/agreements/ledger/export.xlsx"
        case .texts: "/agreements/texts"
        case .person(let id): "/agreements/people/\(id.uuidString.lowercased())"
        case .steps(let id): "/agreements/\(id.uuidString.lowercased())/steps"
        // Ends in /attachments: the multipart upload path `TextInputMiddleware` lets through.
        case .scans(let id): "/agreements/\(id.uuidString.lowercased())/attachments"
        case .scan(let id): "/agreements/\(id.uuidString.lowercased())/scan"
        case .payments(let id): "/agreements/\(id.uuidString.lowercased())/payments"
        case .paid(let id): "/agreements/\(id.uuidString.lowercased())/paid"
        case .cooperation: "/agreements/cooperation"
        case .cooperationExport: "/agreements/cooperation/export.csv"
        case .cooperationWorkbook: "/agreements/cooperation/export.xlsx"
        case .cooperationNew: "/agreements/cooperation/new"
        case .cooperationContract(let id): "/agreements/cooperation/\(id.uuidString.lowercased())"
        }
    }
}
