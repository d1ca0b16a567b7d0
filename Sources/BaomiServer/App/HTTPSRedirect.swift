import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor

/// An optional plain-HTTP listener that answers every request with a permanent redirect to the same path over
/// HTTPS (`--redirect-http-port`): nothing is served in clear, a bookmark to http:// still lands on the sign-in page.
public struct HTTPSRedirect: LifecycleHandler {
    let hostname: String
    let port: Int
    let httpsPort: Int

    public init(hostname: String, port: Int, httpsPort: Int) {
        self.hostname = hostname
        self.port = port
        self.httpsPort = httpsPort
    }

    public func didBootAsync(_ application: Application) async throws {
        let httpsPort = httpsPort
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RedirectHandler(httpsPort: httpsPort))
                }
            }
            .bind(host: hostname, port: port).get()
        application.storage[RedirectChannelKey.self] = channel
    }

    public func shutdownAsync(_ application: Application) async {
        try? await application.storage[RedirectChannelKey.self]?.close()
    }
}

private struct RedirectChannelKey: StorageKey {
    typealias Value = any Channel
}

/// Answers each request head with 301 to `https://host:port/path`; bodies are read past.
private final class RedirectHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let httpsPort: Int

    init(httpsPort: Int) {
        self.httpsPort = httpsPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        // The host the browser asked for, without its port: the redirect names the HTTPS port.
        var host = head.headers.first(name: "Host") ?? "localhost"
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            host = String(host[...end])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        let location =
            "https://\(host)\(httpsPort == 443 ? "" : ":\(httpsPort)")\(head.uri.hasPrefix("/") ? head.uri : "/")"
        var headers = HTTPHeaders()
        headers.add(name: "Location", value: location)
        headers.add(name: "Content-Length", value: "0")
        headers.add(name: "Connection", value: "close")
        context.write(
            wrapOutboundOut(
                .head(HTTPResponseHead(version: head.version, status: .movedPermanently, headers: headers))),
            promise: nil)
        // The handler runs on the channel's loop, and so does the callback: the context is bound to it.
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
