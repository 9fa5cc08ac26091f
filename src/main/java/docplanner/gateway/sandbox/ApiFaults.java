package docplanner.gateway.sandbox;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * A fault of the Docplanner side, switched on through the admin API ({@code PUT /admin/faults}) so
 * that a gateway's puller can be tested against it: slow answers, 5xx, connections reset, 429,
 * and malformed bodies, on the token endpoint or on the API. The fault acts in front of the
 * operation: a refused pull takes nothing off the queue, as with the real service, whose failures
 * do not hand out notifications that nobody receives.
 */
final class ApiFaults {

  /** What a faulty answer looks like. */
  enum Kind {
    NONE, SLOW, ERROR, RESET, THROTTLE, MALFORMED;

    static Kind parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  /** Where it applies: the OAuth2 token endpoint or the Integrations API. */
  enum Where {
    TOKEN, API;

    static Where parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  private record Fault(Kind kind, Where where, int status, long delayMs) {
  }

  private static final Fault NONE = new Fault(Kind.NONE, Where.API, 0, 0);

  private volatile Fault current = NONE;
  private volatile long hits;

  /** Switches a fault on (replacing the one before); {@code status} for ERROR, {@code delayMs} for SLOW. */
  void set(Kind kind, Where where, int status, long delayMs) {
    current = kind == Kind.NONE ? NONE : new Fault(kind, where, status, delayMs);
    hits = 0;
  }

  void clear() {
    set(Kind.NONE, Where.API, 0, 0);
  }

  JsonObject describe() {
    Fault f = current;
    return new JsonObject().put("kind", f.kind().name().toLowerCase(Locale.ROOT))
        .put("where", f.where().name().toLowerCase(Locale.ROOT))
        .put("status", f.status()).put("delay_ms", f.delayMs()).put("hits", hits);
  }

  /** The route handler in front of {@code where}'s operations. */
  Handler<RoutingContext> in(Where where) {
    return ctx -> {
      Fault f = current;
      if (f.kind() == Kind.NONE || f.where() != where) {
        ctx.next();
        return;
      }
      hits++;
      switch (f.kind()) {
        case SLOW -> ctx.vertx().setTimer(Math.max(1, f.delayMs()), t -> {
          // A client that gave up meanwhile gets nothing taken off the queue for it.
          if (!ctx.response().closed()) {
            ctx.next();
          }
        });
        case ERROR -> DocplannerReplies.error(ctx.response(), f.status(), "Service temporarily unavailable");
        case RESET -> ctx.request().connection().close();
        case THROTTLE -> {
          ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
          DocplannerReplies.error(ctx.response(), 429, "Rate limit exceeded");
        }
        case MALFORMED -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(Buffer.buffer(where == Where.TOKEN ? "{\"access_token\":" : "{\"notifications\":[{\"name\":\"slot-bo"));
        default -> ctx.next();
      }
    };
  }
}
