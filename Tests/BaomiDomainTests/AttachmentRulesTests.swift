import BaomiDomain
import Testing

/// What a request may carry (S4, #14): judged by the first bytes and the size, after the 非涉密 declaration.
@Suite("Attachment rules (S4)")
struct AttachmentRulesTests {
    @Test("S4 PDF, PNG, JPEG and both TIFF byte orders are known by their first bytes; anything else is not")
    func sniffing() {
        #expect(AttachmentType.sniff(Array("%PDF-1.7".utf8)) == .pdf)
        #expect(AttachmentType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(AttachmentType.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(AttachmentType.sniff([0x49, 0x49, 0x2A, 0x00]) == .tiff)
        #expect(AttachmentType.sniff([0x4D, 0x4D, 0x00, 0x2A]) == .tiff)
        for other in [Array("<html>".utf8), Array("PK\u{3}\u{4}".utf8), Array("%PD".utf8), [0x89, 0x50], []] {
            #expect(AttachmentType.sniff(other) == nil, "\(other)")
        }
    }

    @Test("S4 refused without the 非涉密 declaration, when empty, over the limit, or of another type; at the limit kept")
    func checks() {
        let pdf = Array("%PDF-1.4".utf8)
        #expect(AttachmentRules.check(head: pdf, size: 100, limit: 100, declaredNonSecret: true) == .success(.pdf))
        #expect(
            AttachmentRules.check(head: pdf, size: 101, limit: 100, declaredNonSecret: true)
                == .failure(AttachmentRules.tooLarge(limit: 100)))
        for (head, size, declared) in [(pdf, 10, false), (pdf, 0, true), (Array("GIF89a".utf8), 10, true)] {
            guard
                case .failure(let refusal) = AttachmentRules.check(
                    head: head, size: size, limit: 100, declaredNonSecret: declared)
            else {
                Issue.record("\(head) \(size) \(declared) was not refused")
                continue
            }
            #expect(refusal.rule == .s4)
        }
    }
}
