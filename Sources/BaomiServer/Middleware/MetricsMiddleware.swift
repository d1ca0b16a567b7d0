import Foundation
import Prometheus
import Synchronization
import Vapor

/// Counts requests and measures their duration for `/metrics` (Prometheus text format). Future-based: it never
/// waits for anything, and an async middleware would start a task of its own on every request. The counters and
/// histograms are made once and kept: the registry looks each one up under a lock by its name and labels.
final class MetricsMiddleware: Middleware, Sendable {
    private let registry: PrometheusCollectorRegistry
    private let counters = Mutex<[String: Counter]>([:])
    private let durations: [String: DurationHistogram]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        durations = Dictionary(
            uniqueKeysWithValues: ["api", "page"].map { area in
                (
                    area,
                    registry.makeDurationHistogram(
                        descriptor: MetricNameDescriptor(
                            namespace: "baomi", metricName: "http_request_duration", unitName: "seconds",
                            helpText: "HTTP request duration"),
                        labels: [("area", area)],
                        buckets: [
                            .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2),
                        ])
                )
            })
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).always { result in
            switch result {
            case .success(let response):
                self.count(request, status: String(response.status.code / 100) + "xx", started: started)
            case .failure:
                self.count(request, status: "error", started: started)
            }
        }
    }

    private func count(_ request: Request, status: String, started: ContinuousClock.Instant) {
        let area = request.url.path.hasPrefix("/api/") ? "api" : "page"
        let method = request.method.rawValue
        let key = "\(area) \(method) \(status)"
        let counter =
            counters.withLock { $0[key] }
            ?? {
                let made = registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "baomi", metricName: "http_requests", unitName: "total",
                        helpText: "HTTP requests by area, method and status class"),
                    labels: [("area", area), ("method", method), ("status", status)])
                counters.withLock { $0[key] = made }
                return made
            }()
        counter.increment()
        durations[area]?.record(ContinuousClock.now - started)
    }
}
