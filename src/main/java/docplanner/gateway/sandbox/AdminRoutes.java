package docplanner.gateway.sandbox;

import docplanner.gateway.config.ConfigValues;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox's own control panel under {@code /admin}: put notifications in (given bodies or
 * generated ones), make pushes fail, move the clock, change the push endpoint and the generator,
 * and read what was delivered, failed, released, pulled, expired. JSON in and out; bad input is
 * a problem+json. Open (no authentication): it is a simulator, bound to localhost by default.
 */
final class AdminRoutes {

  static final String BASE = "/admin";
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final int MAX_GENERATE = 100_000;

  private final SimulatedDocplanner docplanner;
  private final GeneratorLoop generatorLoop;

  AdminRoutes(SimulatedDocplanner docplanner, GeneratorLoop generatorLoop) {
    this.docplanner = docplanner;
    this.generatorLoop = generatorLoop;
  }

  void mount(Router router) {
    router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get(BASE).handler(ctx -> json(ctx, 200, docplanner.stats()));
    router.get(BASE + "/stats").handler(ctx -> json(ctx, 200, docplanner.stats()));
    router.post(BASE + "/notifications").handler(this::enqueue);
    router.post(BASE + "/notifications/generate").handler(this::generate);
    router.get(BASE + "/queue").handler(ctx -> json(ctx, 200, events(docplanner.queue().snapshot())));
    router.get(BASE + "/failed").handler(this::failed);
    router.get(BASE + "/failed/history").handler(ctx -> json(ctx, 200, docplanner.journal().list(Journal.Kind.FAILED)));
    for (Journal.Kind kind : List.of(Journal.Kind.ATTEMPTS, Journal.Kind.DELIVERED, Journal.Kind.RELEASED,
        Journal.Kind.PULLED, Journal.Kind.EXPIRED, Journal.Kind.EVICTED, Journal.Kind.DELETED)) {
      router.get(BASE + "/" + kind.label()).handler(ctx -> json(ctx, 200, docplanner.journal().list(kind)));
    }
    router.post(BASE + "/push/fail").handler(this::failNext);
    router.get(BASE + "/push/endpoint").handler(ctx -> json(ctx, 200, endpoint()));
    router.put(BASE + "/push/endpoint").handler(this::setEndpoint);
    router.get(BASE + "/clock").handler(ctx -> json(ctx, 200, clock()));
    router.post(BASE + "/clock/advance").handler(this::advance);
    router.get(BASE + "/generator").handler(ctx -> json(ctx, 200, generator()));
    router.put(BASE + "/generator").handler(this::setGenerator);
    router.delete(BASE + "/tokens").handler(ctx ->
        json(ctx, 200, new JsonObject().put("revoked", docplanner.tokens().revokeAll())));
    router.get(BASE + "/faults").handler(ctx -> json(ctx, 200, docplanner.faults().describe()));
    router.put(BASE + "/faults").handler(this::setFault);
    router.delete(BASE + "/faults").handler(ctx -> {
      docplanner.faults().clear();
      json(ctx, 200, docplanner.faults().describe());
    });
    router.post(BASE + "/reset").handler(ctx -> {
      docplanner.reset();
      json(ctx, 200, docplanner.stats());
    });
    router.route(BASE + "/*").handler(ctx ->
        new Problem(404, "not-found", "Not found", "no admin endpoint " + ctx.request().method() + " "
            + ctx.request().path() + " (see docs: GET /admin/stats, POST /admin/notifications, ...)")
            .send(ctx.response()));
  }

  /** One notification (a JSON object, kept byte for byte) or a JSON array of them. */
  private void enqueue(RoutingContext ctx) {
    handle(ctx, () -> {
      SimulatedDocplanner.Delivery delivery = delivery(ctx);
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) {
        throw Problem.malformed("the body is empty; expected a notification object or an array of them");
      }
      Object parsed = AdminJson.value(body);
      JsonArray ids = new JsonArray();
      if (parsed instanceof JsonObject single) {
        ids.add(docplanner.accept(nameOf(single), trimmed(body), delivery).id());
      } else if (parsed instanceof JsonArray many) {
        for (int i = 0; i < many.size(); i++) {
          if (!(many.getValue(i) instanceof JsonObject item)) {
            throw Problem.invalid("not-an-object", "Array item is not an object",
                "every item must be a notification object", "/" + i);
          }
        }
        for (int i = 0; i < many.size(); i++) {
          JsonObject item = many.getJsonObject(i);
          ids.add(docplanner.accept(nameOf(item), item.toBuffer(), delivery).id());
        }
      } else {
        throw Problem.invalid("not-an-object", "Body is not a JSON object",
            "expected a notification object or an array of them; got " + AdminJson.kind(parsed), "");
      }
      json(ctx, 201, new JsonObject().put("accepted", ids.size()).put("ids", ids));
    });
  }

  private void generate(RoutingContext ctx) {
    handle(ctx, () -> {
      SimulatedDocplanner.Delivery delivery = delivery(ctx);
      String countText = ctx.request().getParam("count", "1");
      int count = countText.matches("\\d{1,6}") ? Integer.parseInt(countText) : -1;
      if (count < 1 || count > MAX_GENERATE) {
        throw new Problem(400, "invalid-parameter", "Invalid parameter",
            "count must be a whole number from 1 to " + MAX_GENERATE + "; got '" + countText + "'");
      }
      JsonArray ids = new JsonArray();
      for (int i = 0; i < count; i++) {
        ids.add(docplanner.generate(delivery).id());
      }
      json(ctx, 201, new JsonObject().put("accepted", count).put("ids", ids));
    });
  }

  private void failed(RoutingContext ctx) {
    docplanner.failed().purge(docplanner.clock().now());
    JsonArray items = new JsonArray();
    for (FailedStore.Failed f : docplanner.failed().snapshot()) {
      items.add(f.describe());
    }
    json(ctx, 200, list(items));
  }

  private void failNext(RoutingContext ctx) {
    handle(ctx, () -> {
      int next = wholeNumber(body(ctx), "next", 0, 1_000_000);
      json(ctx, 200, new JsonObject().put("fail_next", docplanner.push().failNext(next)));
    });
  }

  private void setEndpoint(RoutingContext ctx) {
    handle(ctx, () -> {
      Object url = body(ctx).getValue("url");
      if (!(url instanceof String text) || !(text.isEmpty() || text.startsWith("http://") || text.startsWith("https://"))) {
        throw Problem.invalid("invalid-url", "Invalid push endpoint",
            "url must be an http(s) URL, or \"\" to leave the push model", "/url");
      }
      docplanner.push().endpoint(text);
      json(ctx, 200, endpoint());
    });
  }

  private void advance(RoutingContext ctx) {
    handle(ctx, () -> {
      Object by = body(ctx).getValue("by");
      Duration duration = by instanceof String text ? ConfigValues.parseDuration(text) : null;
      if (duration == null) {
        throw Problem.invalid("invalid-duration", "Invalid duration",
            "by must be a duration such as \"90s\", \"5m\", \"72h\" or \"14d\"; got " + by, "/by");
      }
      docplanner.advance(duration);
      json(ctx, 200, clock());
    });
  }

  private void setGenerator(RoutingContext ctx) {
    handle(ctx, () -> {
      JsonObject body = body(ctx);
      Double rate = decimal(body, "rate", 0, 10_000);
      Double share = decimal(body, "duplicate_share", 0, 1);
      if (rate != null) {
        generatorLoop.rate(rate);
      }
      if (share != null) {
        docplanner.generator().duplicateShare(share);
      }
      json(ctx, 200, generator());
    });
  }

  /** {"kind":"slow|error|reset|throttle|malformed|none","where":"api|token","status":503,"delay_ms":500}. */
  private void setFault(RoutingContext ctx) {
    handle(ctx, () -> {
      JsonObject body = body(ctx);
      ApiFaults.Kind kind;
      ApiFaults.Where where;
      try {
        kind = ApiFaults.Kind.parse(body.getString("kind", ""));
        where = ApiFaults.Where.parse(body.getString("where", "api"));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw Problem.invalid("invalid-fault", "Invalid fault",
            "kind must be slow, error, reset, throttle, malformed or none, and where api or token", "/kind");
      }
      int status = body.containsKey("status") ? wholeNumber(body, "status", 500, 599) : 503;
      int delay = body.containsKey("delay_ms") ? wholeNumber(body, "delay_ms", 0, 600_000) : 0;
      docplanner.faults().set(kind, where, status, delay);
      json(ctx, 200, docplanner.faults().describe());
    });
  }

  private JsonObject endpoint() {
    return new JsonObject().put("url", docplanner.push().endpoint());
  }

  private JsonObject clock() {
    Instant now = docplanner.clock().now();
    return new JsonObject().put("now", now.toString()).put("offset_seconds", docplanner.clock().offset().toSeconds());
  }

  private JsonObject generator() {
    return new JsonObject()
        .put("rate", generatorLoop.rate())
        .put("duplicate_share", docplanner.generator().duplicateShare());
  }

  private static JsonObject events(List<SandboxEvent> events) {
    JsonArray items = new JsonArray();
    for (SandboxEvent event : events) {
      items.add(event.describe());
    }
    return list(items);
  }

  /**
   * The shape of every list answer. The queue and the failed events are listed whole, so their
   * {@code total} (how many wait, or are kept, now) equals {@code count}; the journal's lists keep
   * only the latest records and count the rest in {@code total} (see {@link Journal#list}).
   */
  private static JsonObject list(JsonArray items) {
    return new JsonObject().put("total", items.size()).put("count", items.size()).put("items", items);
  }

  private static SimulatedDocplanner.Delivery delivery(RoutingContext ctx) {
    String text = ctx.request().getParam("deliver", "both");
    try {
      return SimulatedDocplanner.Delivery.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Problem(400, "invalid-parameter", "Invalid parameter",
          "deliver must be both, queue or push; got '" + text + "'");
    }
  }

  private static String nameOf(JsonObject notification) {
    return notification.getValue("name") instanceof String name ? name : "";
  }

  /** The body as given, minus surrounding whitespace (it is spliced into pull answers). */
  private static Buffer trimmed(Buffer body) {
    int start = 0;
    int end = body.length();
    while (start < end && Character.isWhitespace(body.getByte(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(body.getByte(end - 1))) {
      end--;
    }
    return body.getBuffer(start, end);
  }

  private static JsonObject body(RoutingContext ctx) {
    return AdminJson.object(ctx.body().buffer());
  }

  private static int wholeNumber(JsonObject body, String field, int min, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min || n.doubleValue() > max) {
      throw Problem.invalid("invalid-number", "Invalid number",
          field + " must be a whole number from " + min + " to " + max + "; got " + value, "/" + field);
    }
    return n.intValue();
  }

  /** The number at {@code field}, or null when absent. */
  private static Double decimal(JsonObject body, String field, double min, double max) {
    if (!body.containsKey(field)) {
      return null;
    }
    Object value = body.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
      throw Problem.invalid("invalid-number", "Invalid number",
          field + " must be a number from " + min + " to " + max + "; got " + value, "/" + field);
    }
    return n.doubleValue();
  }

  /** Runs an admin action; a {@link Problem} it throws becomes the answer. */
  private static void handle(RoutingContext ctx, Runnable action) {
    try {
      action.run();
    } catch (Problem problem) {
      problem.send(ctx.response());
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
