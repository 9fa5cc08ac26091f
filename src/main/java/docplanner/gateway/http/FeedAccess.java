package docplanner.gateway.http;

import docplanner.gateway.web.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * Who may open the feed from a browser, and under which host name. A web page on the internal
 * network could otherwise open {@code /events/ws} (WebSockets are not bound by the same-origin
 * policy) or, through DNS rebinding, {@code /events}, and read patient data. A request carrying an
 * {@code Origin} (browsers send it on WebSocket upgrades and cross-origin requests) is refused
 * unless that origin is listed; with {@code feed.allowed-hosts} set, so is a {@code Host} not
 * listed. Clients that are not browsers send no Origin and are not affected.
 */
public final class FeedAccess implements Handler<RoutingContext> {

  private final List<String> origins;
  private final List<String> hosts;
  private final boolean anyOrigin;

  public FeedAccess(List<String> allowedOrigins, List<String> allowedHosts) {
    this.origins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    this.hosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    this.anyOrigin = origins.contains("*");
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String host = request.getHeader("Host");
    if (!hosts.isEmpty() && (host == null || !hostAllowed(host.trim().toLowerCase(Locale.ROOT)))) {
      new Problem(403, "host-not-allowed", "Host not allowed",
          "this Host is not in feed.allowed-hosts").send(ctx.response());
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      if (!anyOrigin && !origins.contains(origin.trim().toLowerCase(Locale.ROOT))) {
        new Problem(403, "origin-not-allowed", "Origin not allowed",
            "requests from web pages are refused unless their origin is in feed.allowed-origins").send(ctx.response());
        return;
      }
      ctx.response().putHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin.trim())
          .putHeader("Vary", "Origin");
    }
    ctx.next();
  }

  /** {@code host:port} as listed, or a listed host without a port (any port). */
  private boolean hostAllowed(String host) {
    if (hosts.contains(host)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.indexOf(']', colon) < 0 && hosts.contains(host.substring(0, colon));
  }
}
