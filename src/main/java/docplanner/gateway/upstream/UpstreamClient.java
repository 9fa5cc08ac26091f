package docplanner.gateway.upstream;

import docplanner.gateway.config.UpstreamSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The two Integrations API calls the gateway makes (pull many, release), each with a bearer token
 * from the OAuth2 client-credentials flow: HTTP Basic {@code client_id:client_secret} and the form
 * {@code grant_type=client_credentials&scope=integration}. The token is cached and renewed ahead of
 * expiry ({@link TokenCache}); an API 401 renews it and repeats the call once. Every other answer
 * that is not a success becomes an {@link UpstreamFailure} saying what to do about it; retrying is
 * the caller's decision. Owned by one event loop.
 */
public final class UpstreamClient {

  /** The most notifications one pull may ask for (the contract's range is 1..100). */
  public static final int MAX_LIMIT = 100;

  private static final int MAX_MESSAGE = 200;

  private final WebClient web;
  private final UpstreamSettings settings;
  private final Clock clock;
  private final UpstreamStats stats;
  private final TokenCache tokens;
  private final String tokenPath;
  private final long timeoutMs;

  public UpstreamClient(Vertx vertx, UpstreamSettings settings, Clock clock, UpstreamStats stats) {
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setFollowRedirects(false)
        .setDecompressionSupported(true)
        .setUserAgent("docplanner-gateway"));
    this.settings = settings;
    this.clock = clock;
    this.stats = stats;
    this.tokens = new TokenCache(this::requestToken, settings.tokenRenewal(), clock);
    this.tokenPath = URI.create(settings.tokenUrl()).getPath();
    this.timeoutMs = settings.requestTimeout().toMillis();
  }

  /** What one pull gave: the batch (empty when the queue was), and how long to pause when the quota is used up. */
  public record Pulled(PulledBatch batch, Duration pause) {
  }

  /** {@code GET /notifications/multiple?limit=N}: the earliest N notifications; they leave the queue now. */
  public Future<Pulled> pullMultiple(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    String what = "GET /notifications/multiple";
    return authorized(HttpMethod.GET, settings.baseUrl() + "/notifications/multiple?limit=" + limit, what)
        .map(response -> {
          int status = response.statusCode();
          if (status == 200) {
            return new Pulled(PulledBatch.read(response.bodyAsBuffer(), what),
                RetryHints.afterSuccess(response.headers(), clock.instant()));
          }
          if (status == 404 && isErrorDocument(response)) {
            // The contract's "No notifications found"; a 404 without that body is a wrong base-url.
            return new Pulled(PulledBatch.EMPTY, RetryHints.afterSuccess(response.headers(), clock.instant()));
          }
          throw failure(response, what);
        });
  }

  /**
   * {@code POST /notifications/release}: Docplanner re-dispatches the pushes that failed. Succeeds
   * on 204; fails with {@link UpstreamFailure.Kind#RATE_LIMITED} (429, with Retry-After),
   * {@link UpstreamFailure.Kind#FORBIDDEN} (403: not a push-model client) and the others.
   */
  public Future<Void> release() {
    String what = "POST /notifications/release";
    return authorized(HttpMethod.POST, settings.baseUrl() + "/notifications/release", what)
        .map(response -> {
          if (response.statusCode() == 204 || response.statusCode() == 200 || response.statusCode() == 202) {
            return null;
          }
          throw failure(response, what);
        });
  }

  public Future<Void> close() {
    web.close();
    return Future.succeededFuture();
  }

  private Future<HttpResponse<Buffer>> authorized(HttpMethod method, String url, String what) {
    return tokens.current().compose(token -> call(method, url, token, what).compose(response -> {
      if (response.statusCode() != 401) {
        return Future.succeededFuture(response);
      }
      // Expired or revoked before we expected: one fresh token, one more try.
      tokens.invalidate(token);
      return tokens.current().compose(fresh -> call(method, url, fresh, what)).map(again -> {
        if (again.statusCode() == 401) {
          throw new UpstreamFailure(UpstreamFailure.Kind.CREDENTIALS_REJECTED, 401, null, what
              + " answered 401 to a freshly issued token" + message(again)
              + ": check that upstream.token-url and upstream.base-url are of the same marketplace");
        }
        return again;
      });
    }));
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String url, String token, String what) {
    HttpRequest<Buffer> request = web.requestAbs(method, url)
        .timeout(timeoutMs)
        .bearerTokenAuthentication(token)
        .putHeader("Accept", "application/vnd.docplanner+json, application/json");
    return request.send().recover(error -> Future.failedFuture(UpstreamFailure.of(error, what)));
  }

  private Future<AccessToken> requestToken() {
    String what = "POST " + tokenPath;
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("scope", "integration");
    return web.requestAbs(HttpMethod.POST, settings.tokenUrl())
        .timeout(timeoutMs)
        .basicAuthentication(settings.clientId(), settings.clientSecret())
        .putHeader("Accept", "application/json")
        .sendForm(form)
        .recover(error -> Future.failedFuture(UpstreamFailure.of(error, what)))
        .map(response -> {
          if (response.statusCode() != 200) {
            throw tokenFailure(response, what);
          }
          return token(response, what);
        })
        .andThen(ar -> stats.token(ar.succeeded() ? "issued"
            : ar.cause() instanceof UpstreamFailure f ? f.kind().label() : "unavailable"));
  }

  private UpstreamFailure tokenFailure(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    if (status == 400 || status == 401 || status == 403) {
      String error = field(response, "error");
      return new UpstreamFailure(UpstreamFailure.Kind.CREDENTIALS_REJECTED, status, null, "the token endpoint (" + what
          + ") answered " + status + (error.isEmpty() ? "" : " " + error) + ": the client credentials were refused;"
          + " check upstream.client-id and upstream.client-secret (GATEWAY_UPSTREAM_CLIENT_ID,"
          + " GATEWAY_UPSTREAM_CLIENT_SECRET) and upstream.domain / upstream.token-url");
    }
    return failure(response, "the token endpoint (" + what + ")");
  }

  private static AccessToken token(HttpResponse<Buffer> response, String what) {
    JsonObject json;
    try {
      json = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    Object value = json == null ? null : json.getValue("access_token");
    if (!(value instanceof String token) || token.isEmpty()) {
      throw new UpstreamFailure(UpstreamFailure.Kind.UNEXPECTED, 200, null,
          "the token endpoint (" + what + ") answered 200 without an access_token");
    }
    long seconds = 3600; // the contract's lifetime, when the answer does not say
    Object expiresIn = json.getValue("expires_in");
    if (expiresIn instanceof Number n) {
      seconds = n.longValue();
    } else if (expiresIn instanceof String s && s.matches("\\d{1,9}")) {
      seconds = Long.parseLong(s);
    }
    return new AccessToken(token, Duration.ofSeconds(Math.max(1, seconds)));
  }

  /** Classifies an API answer that is not the expected one. */
  private UpstreamFailure failure(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    String detail = what + " answered " + status + message(response);
    if (status == 403) {
      return new UpstreamFailure(UpstreamFailure.Kind.FORBIDDEN, status, null, detail);
    }
    if (status == 429) {
      return new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, status,
          RetryHints.afterRefusal(response.headers(), clock.instant()), detail);
    }
    if (status >= 500) {
      return new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, status,
          RetryHints.afterRefusal(response.headers(), clock.instant()), detail);
    }
    if (status == 404) {
      detail += " (check upstream.base-url / upstream.domain)";
    }
    return new UpstreamFailure(UpstreamFailure.Kind.UNEXPECTED, status, null, detail);
  }

  /** The contract's error body: {@code {"errors":[…],"message":"…"}} (a JSON body with a message). */
  private static boolean isErrorDocument(HttpResponse<Buffer> response) {
    String type = response.getHeader("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/vnd.error+docplanner+json")) {
      return true;
    }
    try {
      JsonObject json = response.bodyAsJsonObject();
      return json != null && (json.containsKey("message") || json.containsKey("errors"));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  /** ": <message>" from an error body, shortened and single-line, or "" (error messages carry no patient data). */
  private static String message(HttpResponse<Buffer> response) {
    String message = field(response, "message");
    return message.isEmpty() ? "" : " (" + message + ")";
  }

  private static String field(HttpResponse<Buffer> response, String name) {
    try {
      JsonObject json = response.bodyAsJsonObject();
      Object value = json == null ? null : json.getValue(name);
      if (!(value instanceof String text)) {
        return "";
      }
      String clean = text.replaceAll("[\\p{Cntrl}]", " ").trim();
      return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "..." : clean;
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }
}
