package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The public face of the simulated Docplanner: the OAuth2 token endpoint and the four operations
 * of the Integrations API v3 notifications contract, with its media types, error bodies, bearer
 * checks and (when enabled) rate limiting.
 */
final class IntegrationApi {

  static final String TOKEN_PATH = "/oauth/v2/token";
  static final String API_BASE = "/api/v3/integration";
  static final int MAX_LIMIT = 100;

  private static final String BEARER_PREFIX = "Bearer ";
  private static final String BASIC_PREFIX = "Basic ";

  private final SimulatedDocplanner docplanner;

  IntegrationApi(SimulatedDocplanner docplanner) {
    this.docplanner = docplanner;
  }

  void mount(Router router) {
    router.route(TOKEN_PATH).handler(docplanner.faults().in(ApiFaults.Where.TOKEN));
    router.route(API_BASE + "/*").handler(docplanner.faults().in(ApiFaults.Where.API));
    router.post(TOKEN_PATH).handler(BodyHandler.create(false).setBodyLimit(8 * 1024)).handler(this::token);
    router.route(TOKEN_PATH).handler(ctx -> methodNotAllowed(ctx, "POST"));
    router.get("/public/docs/public-ips.json").handler(this::publicIps);

    router.route(API_BASE + "/*").handler(this::authenticate);
    router.get(API_BASE + "/notifications").handler(this::pullOne);
    router.route(API_BASE + "/notifications").handler(ctx -> methodNotAllowed(ctx, "GET"));
    router.get(API_BASE + "/notifications/multiple").handler(this::pullMultiple);
    router.route(API_BASE + "/notifications/multiple").handler(ctx -> methodNotAllowed(ctx, "GET"));
    router.post(API_BASE + "/notifications/release").handler(this::release);
    router.route(API_BASE + "/notifications/release").handler(ctx -> methodNotAllowed(ctx, "POST"));
    router.route(API_BASE + "/*").handler(ctx -> DocplannerReplies.error(ctx.response(), 404,
        "No route found for \"" + ctx.request().method() + " " + ctx.request().path() + "\""));
  }

  /** Client credentials: HTTP Basic client_id:client_secret, form grant_type=client_credentials&scope=integration. */
  private void token(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String grantType = request.getFormAttribute("grant_type");
    if (!"client_credentials".equals(grantType)) {
      DocplannerReplies.oauthError(response, 400, "unsupported_grant_type",
          "Invalid grant_type parameter or parameter missing");
      return;
    }
    String scope = request.getFormAttribute("scope");
    if (scope != null && !List.of(scope.trim().split("\\s+")).equals(List.of("integration"))) {
      DocplannerReplies.oauthError(response, 400, "invalid_scope", "An unsupported scope was requested.");
      return;
    }
    String[] credentials = basicCredentials(request.getHeader(HttpHeaders.AUTHORIZATION));
    TokenIssuer.Issued issued = credentials == null ? null : docplanner.tokens().issue(credentials[0], credentials[1]);
    if (issued == null) {
      response.putHeader("WWW-Authenticate", "Basic realm=\"Service\"");
      DocplannerReplies.oauthError(response, 401, "invalid_client", "The client credentials are invalid");
      return;
    }
    JsonObject body = new JsonObject()
        .put("access_token", issued.accessToken())
        .put("expires_in", issued.expiresIn())
        .put("token_type", "bearer")
        .putNull("scope");
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Pragma", "no-cache")
        .end(body.toBuffer());
  }

  /** {@code [id, secret]} from an {@code Authorization: Basic} header, or null. */
  static String[] basicCredentials(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length())) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC_PREFIX.length()).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /** Bearer check, then the rate limiter; the operation runs only when both let it through. */
  private void authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String token = authorization != null && authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())
        ? authorization.substring(BEARER_PREFIX.length()).trim() : null;
    String message = switch (docplanner.tokens().check(token)) {
      case VALID -> null;
      case EXPIRED -> "The access token provided has expired.";
      case UNKNOWN -> token == null ? "OAuth2 authentication required" : "The access token provided is invalid.";
    };
    if (message != null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"Service\", error=\"invalid_grant\", "
          + "error_description=\"" + message + "\"");
      DocplannerReplies.error(ctx.response(), 401, message);
      return;
    }
    RateLimiter limiter = docplanner.rateLimiter();
    if (limiter != null) {
      boolean write = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
      RateLimiter.Decision decision = limiter.check(docplanner.tokens().clientId(), write, docplanner.clock().now());
      ctx.response()
          .putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
          .putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
          .putHeader("X-RateLimit-Used", Integer.toString(decision.used()))
          .putHeader("X-RateLimit-Reset", decision.reset().toString());
      if (!decision.allowed()) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
            Long.toString(ReleaseLimiter.retryAfterSeconds(decision.retryAfter())));
        DocplannerReplies.error(ctx.response(), 429, "Rate limit exceeded");
        return;
      }
    }
    ctx.next();
  }

  private void pullOne(RoutingContext ctx) {
    List<SandboxEvent> taken = docplanner.pull(1);
    if (taken.isEmpty()) {
      DocplannerReplies.error(ctx.response(), 404, DocplannerReplies.NO_NOTIFICATIONS);
      return;
    }
    DocplannerReplies.ok(ctx.response(), taken.get(0).body());
  }

  private void pullMultiple(RoutingContext ctx) {
    List<String> limits = ctx.queryParam("limit");
    int limit = 1;
    if (!limits.isEmpty()) {
      String text = limits.get(0).trim();
      limit = text.matches("\\d{1,3}") ? Integer.parseInt(text) : -1;
      if (limit < 1 || limit > MAX_LIMIT) {
        DocplannerReplies.error(ctx.response(), 400, "Validation Failed", new JsonArray().add(new JsonObject()
            .put("field", "limit")
            .put("message", "This value should be a whole number between 1 and " + MAX_LIMIT + ".")
            .put("value", limits.get(0))));
        return;
      }
    }
    List<SandboxEvent> taken = docplanner.pull(limit);
    if (taken.isEmpty()) {
      DocplannerReplies.error(ctx.response(), 404, DocplannerReplies.NO_NOTIFICATIONS);
      return;
    }
    // The stored bytes are spliced in as they are: pulled and pushed bodies are the same bytes.
    Buffer body = Buffer.buffer(256 * taken.size()).appendString("{\"notifications\":[");
    for (int i = 0; i < taken.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBuffer(taken.get(i).body());
    }
    body.appendString("],\"remaining\":").appendString(Integer.toString(docplanner.remaining())).appendString("}");
    DocplannerReplies.ok(ctx.response(), body);
  }

  private void release(RoutingContext ctx) {
    SimulatedDocplanner.ReleaseAnswer answer = docplanner.release();
    if (answer instanceof SimulatedDocplanner.ReleaseAnswer.Forbidden) {
      DocplannerReplies.error(ctx.response(), 403, DocplannerReplies.NOT_ALLOWED);
    } else if (answer instanceof SimulatedDocplanner.ReleaseAnswer.TooSoon tooSoon) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(ReleaseLimiter.retryAfterSeconds(tooSoon.retryAfter())));
      DocplannerReplies.error(ctx.response(), 429, "Release can be requested once per hour");
    } else {
      ctx.response().setStatusCode(204).end();
    }
  }

  /** Where Docplanner's pushes come from: here, this machine. */
  private void publicIps(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("API", new JsonArray().add("127.0.0.1")).toBuffer());
  }

  private static void methodNotAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
    DocplannerReplies.error(ctx.response(), 405, "No route found for \"" + ctx.request().method() + " "
        + ctx.request().path() + "\": Method Not Allowed (Allow: " + allowed + ")");
  }
}
