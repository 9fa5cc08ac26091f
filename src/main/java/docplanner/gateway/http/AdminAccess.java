package docplanner.gateway.http;

import docplanner.gateway.web.Problem;
import docplanner.gateway.web.Secrets;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /admin/*} on the feed port wants {@code admin.token} as a bearer token, a credential of
 * its own: subscribers' feed tokens do not open it, and while none is configured every admin route
 * is refused (an open {@code POST /admin/release} lets anyone burn the cluster-wide hourly slot).
 */
public final class AdminAccess implements Handler<RoutingContext> {

  public static final String PATHS = "/admin/.*";

  private final String token;

  public AdminAccess(String token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token.isEmpty()) {
      new Problem(403, "admin-disabled", "Admin routes are off",
          "set admin.token (GATEWAY_ADMIN_TOKEN) to use the admin routes").send(ctx.response());
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    if (!bearer || !Secrets.equal(header.substring(7).trim(), token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"docplanner-gateway admin\"");
      new Problem(401, "unauthorized", "Admin token required",
          "send admin.token as Authorization: Bearer <token>").send(ctx.response());
      return;
    }
    ctx.next();
  }
}
