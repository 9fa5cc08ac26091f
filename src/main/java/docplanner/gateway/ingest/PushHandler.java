package docplanner.gateway.ingest;

import docplanner.gateway.config.PushSettings;
import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Source;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.ops.ThrottledLog;
import docplanner.gateway.store.EventStore;
import docplanner.gateway.store.Stored;
import docplanner.gateway.web.LogSafe;
import docplanner.gateway.web.Problem;
import docplanner.gateway.web.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;


/**
 * The push endpoint: checks the request (path, method, sender, media type, size), parses the
 * notification once, gets the verdict of a blocking event, stores it in one Redis round trip and
 * only then acknowledges. Every refusal is a problem+json with nothing stored; when Redis does not
 * confirm in time the answer is 503, never a 2xx.
 */
public final class PushHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);
  // Both repeat per push while the cause lasts (an outage, a misconfigured allow-list): a few lines, not one each.
  private static final ThrottledLog UNAVAILABLE = ThrottledLog.warn(LOG);
  private static final ThrottledLog REFUSED = ThrottledLog.warn(LOG);

  private static final String APPLICATION_JSON = "application/json";
  private static final CharSequence JSON = HttpHeaders.createOptimized(APPLICATION_JSON);
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  private static final CharSequence ALLOW = HttpHeaders.createOptimized("Allow");
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

  private final PushSettings settings;
  private final String endpointPath;
  private final SourceGuard sources;
  private final NotificationParser parser;
  private final Approvals approvals;
  private final EventStore store;
  private final IngestStats stats;
  private final int denyStatus;
  private final Handler<HttpServerRequest> otherPaths;
  private final Deadlines deadlines;
  private final long gateBudgetMs;
  private final PushRateLimit rateLimit;
  // The acknowledgement's fixed parts, each handler (each event loop) its own: shared static buffers
  // drew 3 % of the push loop's CPU samples in the reads of their reference counts, likely a cache
  // line shared with data another loop writes (docs/performance.md, seventh round).
  private final byte[] ackPrefix = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private final byte[] ackStoredSuffix = "\",\"duplicate\":false}".getBytes(StandardCharsets.US_ASCII);
  private final byte[] ackDuplicateSuffix = "\",\"duplicate\":true}".getBytes(StandardCharsets.US_ASCII);

  /**
   * @param otherPaths serves every path other than the push endpoint (health probes; 404 otherwise)
   */
  public PushHandler(Vertx vertx, PushSettings settings, NotificationParser parser, Approvals approvals,
                     EventStore store, IngestStats stats, int denyStatus, Handler<HttpServerRequest> otherPaths,
                     PushRateLimit rateLimit) {
    this.settings = settings;
    this.endpointPath = settings.endpointPath();
    this.sources = new SourceGuard(settings.allowedSources(), settings.trustedProxies());
    this.parser = parser;
    this.approvals = approvals;
    this.store = store;
    this.stats = stats;
    this.denyStatus = denyStatus;
    this.otherPaths = otherPaths;
    this.deadlines = new Deadlines(vertx, settings.storeTimeout().toMillis());
    // A quarter of the store timeout is left for the script's reply to come back in time.
    this.gateBudgetMs = settings.storeTimeout().toMillis() * 3 / 4;
    this.rateLimit = rateLimit;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    String path = request.path();
    if (!isEndpoint(path)) {
      if (path.startsWith(settings.path() + "/") || path.equals(settings.path())) {
        // Under the push path but without the right token: same answer as any unknown path.
        reject(request, new Problem(404, "not-found", "Not found", "no such endpoint"), null);
      } else {
        otherPaths.handle(request);
      }
      return;
    }
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader(ALLOW, "POST");
      reject(request, new Problem(405, "method-not-allowed", "Method not allowed",
          "notifications are delivered with POST"), null);
      return;
    }
    if (!sources.allows(request)) {
      REFUSED.log("refused a push from {}: not in push.allowed-sources", LogSafe.text(sources.clientAddress(request)));
      reject(request, new Problem(403, "source-not-allowed", "Sender not allowed",
          "this address is not in the configured list of Docplanner senders"), null);
      return;
    }
    long wait = rateLimit.enabled() ? rateLimit.admit(sources.clientAddress(request), start) : 0;
    if (wait > 0) {
      request.response().putHeader(RETRY_AFTER, String.valueOf(wait));
      reject(request, new Problem(429, "rate-limited", "Too many pushes",
          "this sender is over push.rate-limit; push again after Retry-After seconds"), null);
      return;
    }
    String contentType = request.getHeader(CONTENT_TYPE);
    if (!isJson(contentType)) {
      reject(request, new Problem(415, "unsupported-media-type", "Unsupported media type",
          "expected Content-Type application/json (or a +json type); got "
              + (contentType == null ? "none" : contentType)), null);
      return;
    }
    String charset = foreignCharset(contentType);
    if (charset != null) {
      reject(request, new Problem(415, "unsupported-charset", "Unsupported charset",
          "notifications are UTF-8 (RFC 8259 §8.1); Content-Type says charset=" + charset), null);
      return;
    }
    BoundedBody.read(request, settings.maxBody())
        .onSuccess(body -> accept(request, body, start))
        .onFailure(error -> {
          if (error instanceof Problem problem) {
            // The rest of the body will not be read: answer, then close once it is discarded.
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            reject(request, problem, null);
            BoundedBody.discardRest(request, settings.maxBody());
          } else {
            request.connection().close(); // the client went away mid-body
          }
        });
  }

  private void accept(HttpServerRequest request, Buffer body, long start) {
    long bodyRead = stats.bodyRead();
    Notification notification;
    try {
      notification = parser.parse(body);
    } catch (Problem problem) {
      reject(request, problem, null);
      return;
    }
    boolean blocking = approvals.isBlocking(notification.name());
    // A blocking event's store is timed where it starts, after the decision (decideOnce); any
    // other's from here, on the same clock reading as the acknowledgement.
    long storeStart = blocking ? 0 : System.nanoTime();
    Future<Stored> stored = blocking
        ? decideOnce(notification)
        : deadlines.bound(store.append(notification, Source.PUSH, null));
    stored.onComplete(ar -> {
      long now = System.nanoTime();
      if (!blocking) {
        stats.stored(storeStart, now);
      }
      if (ar.succeeded()) {
        stats.storedAfter(bodyRead, ar.result());
        acknowledge(request.response(), notification, ar.result());
      } else {
        unavailable(request, notification, ar.cause());
      }
      stats.acked(start, now);
    });
  }

  /**
   * A blocking event costs a second round trip, before the decision: a copy is answered the stored
   * verdict without asking the approver again (it may have side effects, and the copy would pay
   * its latency), and Redis's clock sets the store's deadline. Two copies arriving within one
   * decision of each other may both ask; the store still keeps the first verdict and answers both
   * with it.
   */
  private Future<Stored> decideOnce(Notification notification) {
    return deadlines.bound(store.lookup(notification.fingerprint())).compose(seen -> {
      if (seen.stored() != null) {
        return Future.succeededFuture(seen.stored());
      }
      long askedAt = System.nanoTime();
      return approvals.decide(notification).compose(verdict -> {
        // The push is answered 503 once store-timeout has passed; the script must not store the
        // verdict after that, by Redis's clock. Counting from Redis's answer to the lookup (which came
        // before askedAt) keeps the deadline early whatever the two clocks say; the margin covers
        // the reply's way back.
        long spentMs = (System.nanoTime() - askedAt) / 1_000_000;
        long notAfter = seen.redisMillis() + spentMs + gateBudgetMs;
        long storeStart = System.nanoTime();
        return deadlines.bound(store.append(notification, Source.PUSH, verdict, notAfter, Approvals.timedOut()))
            .andThen(ar -> stats.stored(storeStart, System.nanoTime()));
      });
    });
  }

  private void acknowledge(HttpServerResponse response, Notification notification, Stored stored) {
    stats.accepted(notification.name(), stored.duplicate());
    Verdict verdict = stored.verdict();
    if (verdict != null) {
      stats.verdict(notification.name(), verdict);
      if (!verdict.approved()) {
        response.setStatusCode(denyStatus)
            .putHeader(CONTENT_TYPE, JSON)
            .end("{\"error_code\":" + verdict.errorCode() + "}");
        return;
      }
    }
    Buffer ack = Buffer.buffer(64).appendBytes(ackPrefix).appendString(stored.id())
        .appendBytes(stored.duplicate() ? ackDuplicateSuffix : ackStoredSuffix);
    response.putHeader(CONTENT_TYPE, JSON).end(ack);
  }

  private void unavailable(HttpServerRequest request, Notification notification, Throwable cause) {
    UNAVAILABLE.log("answered 503 to a {} push (fingerprint {}): not stored, {}", notification.name(),
        notification.fingerprint(), describe(cause));
    stats.storeFailed();
    stats.outcome("unavailable", notification.name(), "");
    request.response().putHeader(RETRY_AFTER, "1");
    new Problem(503, "store-unavailable", "Event store unavailable",
        "the notification could not be stored in time and was not acknowledged; deliver it again later").send(request.response());
  }

  private void reject(HttpServerRequest request, Problem problem, String eventName) {
    stats.outcome("rejected", eventName, problem.type());
    problem.send(request.response());
  }

  private static String describe(Throwable cause) {
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return "Redis did not confirm within push.store-timeout";
    }
    return String.valueOf(cause.getMessage());
  }

  private boolean isEndpoint(String path) {
    if (settings.token().isEmpty()) {
      return path.equals(endpointPath);
    }
    return Secrets.equal(path, endpointPath);
  }

  /** application/json, or any {@code +json} structured suffix, whatever the parameters. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    if (contentType.length() == APPLICATION_JSON.length()
        && contentType.regionMatches(true, 0, APPLICATION_JSON, 0, APPLICATION_JSON.length())) {
      return true; // what Docplanner sends, without the allocations of the general case below
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals(APPLICATION_JSON) || (type.endsWith("+json") && type.indexOf('/') > 0);
  }

  /** The charset parameter of {@code contentType} when it names anything but UTF-8 (JSON has no other), else null. */
  static String foreignCharset(String contentType) {
    if (contentType.indexOf(';') < 0) {
      return null;
    }
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        String value = parameter.substring(equals + 1).trim();
        String bare = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
        if (!bare.equalsIgnoreCase("utf-8") && !bare.equalsIgnoreCase("utf8")) {
          return value.length() > 40 ? value.substring(0, 40) + "…" : value;
        }
      }
    }
    return null;
  }
}
