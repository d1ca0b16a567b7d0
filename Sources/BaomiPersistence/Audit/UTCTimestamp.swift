import BaomiDomain
import Foundation

/// Audit times as fixed-width UTC text (`2026-11-29T08:30:00.123Z`): sortable as strings, identical on every
/// database, and part of the hashed record, so they must not depend on a locale or a driver's date encoding.
public enum UTCTimestamp {
    public static func string(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(milliseconds % 1000)
        return "\((Int(parts.tm_year) + 1900).zeroPadded(4))-\((Int(parts.tm_mon) + 1).zeroPadded(2))-"
            + "\(Int(parts.tm_mday).zeroPadded(2))T\(Int(parts.tm_hour).zeroPadded(2)):"
            + "\(Int(parts.tm_min).zeroPadded(2)):\(Int(parts.tm_sec).zeroPadded(2)).\(millis.zeroPadded(3))Z"
    }

    public static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
