package docplanner.gateway.ingest;

import docplanner.gateway.web.Cidr;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The optional allow-list of push senders. Docplanner signs nothing, so its published sending
 * addresses are the authenticity check. The client address is the socket peer, unless the peer is
 * a trusted proxy: then the right-most {@code X-Forwarded-For} entry (over all its header lines)
 * that is not itself a trusted proxy (entries further left could be forged by the client).
 */
final class SourceGuard {

  private final List<Cidr> allowed;
  private final List<Cidr> proxies;

  SourceGuard(List<String> allowedSources, List<String> trustedProxies) {
    this.allowed = Cidr.parseAll(allowedSources);
    this.proxies = Cidr.parseAll(trustedProxies);
  }

  boolean enabled() {
    return !allowed.isEmpty();
  }

  boolean allows(HttpServerRequest request) {
    return !enabled() || Cidr.any(allowed, clientAddress(request));
  }

  String clientAddress(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    if (peer == null || proxies.isEmpty() || !Cidr.any(proxies, peer)) {
      return peer;
    }
    // Every X-Forwarded-For line, in order, as one list (RFC 9110 §5.3): a proxy may append its
    // hop as a line of its own, after a forged line the client sent.
    String forwarded = String.join(",", request.headers().getAll("X-Forwarded-For"));
    if (forwarded.isBlank()) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!Cidr.any(proxies, hop)) {
        return hop;
      }
    }
    return hops[0].trim();
  }
}
