import BaomiPersistence

extension BaomiServices {
    /// People's agreements (T8, T9, T15, L1.1); cheap to make, so made where used.
    var agreements: AgreementRepository { AgreementRepository(store: store, clock: clock) }
    /// Agreements' scanned signed copies, kept where requests' attachments are (S4).
    var agreementScans: AgreementScans { AgreementScans(store: store, content: attachments.content) }
}
