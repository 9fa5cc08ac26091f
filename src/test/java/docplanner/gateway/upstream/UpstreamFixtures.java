package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.sandbox.Sandbox;
import docplanner.gateway.support.RedisCommands;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/** What the upstream end-to-end tests share: gateway settings pointing at a sandbox, bodies, metric reads. */
final class UpstreamFixtures {

  /**
   * Sandbox settings under which every API call is counted: the rate limiter on, with quotas too
   * large to matter, so {@code X-RateLimit-Used} says how many calls were made (and so when the
   * gateway did not call).
   */
  static final Map<String, Object> COUNTING_CALLS = Map.of(
      "sandbox.rate-limit.enabled", true,
      "sandbox.rate-limit.hourly-quota", 1_000_000,
      "sandbox.rate-limit.writes-per-minute", 1_000_000);

  private UpstreamFixtures() {
  }

  /**
   * Gateway overrides for a gateway talking to {@code sandbox}: its URLs and credentials, a stream
   * of the test's own, quick polls, short leases and backoff; then {@code extra}.
   */
  static Map<String, Object> overrides(Sandbox sandbox, String streamKey, Map<String, ?> extra) {
    Map<String, Object> values = new HashMap<>();
    values.put("stream.key", streamKey);
    values.put("upstream.base-url", sandbox.apiUrl());
    values.put("upstream.token-url", sandbox.tokenUrl());
    values.put("upstream.client-id", sandbox.settings().clientId());
    values.put("upstream.client-secret", sandbox.settings().clientSecret());
    values.put("upstream.pull.interval", "200ms");
    values.put("upstream.pull.lease-ttl", "3s");
    values.put("upstream.backoff.initial", "100ms");
    values.put("upstream.backoff.max", "1s");
    values.put("upstream.request-timeout", "5s");
    values.put("admin.token", AdminRelease.TOKEN);
    values.putAll(extra);
    return values;
  }

  static String streamKey() {
    return "test:" + UUID.randomUUID();
  }

  /** A distinct notification (a break-created with break id {@code n}). */
  static String body(String tag, int n) {
    return new JsonObject().put("name", "break-created")
        .put("data", new JsonObject().put("facility", new JsonObject().put("id", "1"))
            .put("doctor", new JsonObject().put("id", "2")).put("address", new JsonObject().put("id", "3"))
            .put("break", new JsonObject().put("id", tag + "-" + n)
                .put("since", "2026-12-01T10:00:00+01:00").put("till", "2026-12-01T11:00:00+01:00")))
        .put("created_at", "2026-11-28T10:00:00+01:00").encode();
  }

  static String[] bodies(String tag, int count) {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = body(tag, i);
    }
    return out;
  }

  /** The notifications of the feed's deliveries, in arrival order. */
  static List<JsonObject> notifications(List<SseEvent> events) {
    List<JsonObject> out = new ArrayList<>();
    for (SseEvent event : events) {
      if (!"reset".equals(event.event())) {
        out.add(event.json().getJsonObject("notification"));
      }
    }
    return out;
  }

  static List<JsonObject> json(String... bodies) {
    List<JsonObject> out = new ArrayList<>();
    for (String body : bodies) {
      out.add(new JsonObject(body));
    }
    return out;
  }

  /** The stream as Redis holds it: each entry's notification, in stream order. */
  static List<JsonObject> stream(TestRedis redis, String streamKey) {
    List<JsonObject> out = new ArrayList<>();
    for (Object entry : (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "XRANGE", streamKey, "-", "+")) {
      List<?> fields = (List<?>) ((List<?>) entry).get(1);
      out.add(new JsonObject((String) fields.get(fields.indexOf("notification") + 1)));
    }
    return out;
  }

  /** Puts all {@code bodies} into the sandbox's queue in one admin call, in order. */
  static void enqueueAtOnce(SandboxClient docplanner, String... bodies) {
    SandboxClient.Reply reply = docplanner.admin("POST", "/notifications?deliver=queue", "[" + String.join(",", bodies) + "]");
    if (reply.status() != 201) {
      throw new IllegalStateException("enqueue answered " + reply.status() + ": " + reply.body());
    }
  }

  /**
   * Checks every 50 ms throughout {@code window} that {@code happened} stays false: for what must
   * not happen even when given the time to (a second puller, a call before the quota's reset).
   * Fails at the first sample where it does.
   */
  static void never(String what, Duration window, Callable<Boolean> happened) {
    await().during(window).atMost(window.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
        .failFast(what, happened)
        .until(() -> true);
  }

  /** A counter of the gateway's registry, 0 when it was never incremented. */
  static double counter(Gateway gateway, String name, String tag, String value) {
    Counter counter = gateway.registry().find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }
}
