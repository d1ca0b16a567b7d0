import Foundation
import Prometheus
import Vapor

/// Counts requests and measures their duration for `/metrics` (Prometheus text format). Future-based: it never
/// waits for anything, and an async middleware would start a task of its own on every request.
struct MetricsMiddleware: Middleware {
    let registry: PrometheusCollectorRegistry

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).always { result in
            switch result {
            case .success(let response):
                count(request, status: String(response.status.code / 100) + "xx", started: started)
            case .failure:
                count(request, status: "error", started: started)
            }
        }
    }

    private func count(_ request: Request, status: String, started: ContinuousClock.Instant) {
        let area = request.url.path.hasPrefix("/api/") ? "api" : "page"
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "baomi", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests by area, method and status class"),
            labels: [("area", area), ("method", request.method.rawValue), ("status", status)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "baomi", metricName: "http_request_duration", unitName: "seconds",
                helpText: "HTTP request duration"),
            labels: [("area", area)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]
        ).record(ContinuousClock.now - started)
    }
}
