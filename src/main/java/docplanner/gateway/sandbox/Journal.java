package docplanner.gateway.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What happened to the notifications, for the admin API and the tests: every push attempt, every
 * delivery, release re-dispatch, pull, expiry and deletion. Each list keeps the latest
 * {@code history} records; the totals count everything since the last reset. Confined to one
 * event loop.
 */
final class Journal {

  /** The lists, each readable at {@code GET /admin/<name>}. */
  enum Kind {
    /** Every push attempt (first, retries, release), with its answer or error. */
    ATTEMPTS,
    /** Events a push delivered (2xx). */
    DELIVERED,
    /** Events whose first push and retries all failed (they are then kept for release). */
    FAILED,
    /** Release re-dispatches, delivered or failed again. */
    RELEASED,
    /** Events taken from the queue by a pull. */
    PULLED,
    /** Events not pulled in time, deleted from the queue. */
    EXPIRED,
    /** Events dropped from a full queue. */
    EVICTED,
    /** Failed events deleted at the end of their retention (or dropped from a full failed store). */
    DELETED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Entry(SandboxEvent event, Instant at, JsonObject details) {
  }

  private final int history;
  private final Map<Kind, ArrayDeque<Entry>> lists = new EnumMap<>(Kind.class);
  private final Map<Kind, Long> totals = new EnumMap<>(Kind.class);

  Journal(int history) {
    this.history = history;
    for (Kind kind : Kind.values()) {
      lists.put(kind, new ArrayDeque<>());
      totals.put(kind, 0L);
    }
  }

  void record(Kind kind, SandboxEvent event, Instant at, JsonObject details) {
    ArrayDeque<Entry> list = lists.get(kind);
    if (list.size() >= history) {
      list.poll();
    }
    list.add(new Entry(event, at, details));
    totals.merge(kind, 1L, Long::sum);
  }

  void record(Kind kind, SandboxEvent event, Instant at) {
    record(kind, event, at, null);
  }

  long total(Kind kind) {
    return totals.get(kind);
  }

  /** {@code {"total": all since reset, "count": kept, "items": [oldest first]}}. */
  JsonObject list(Kind kind) {
    JsonArray items = new JsonArray();
    for (Entry entry : lists.get(kind)) {
      JsonObject item = entry.event.describe().put("at", entry.at.toString());
      if (entry.details != null) {
        item.mergeIn(entry.details);
      }
      items.add(item);
    }
    return new JsonObject().put("total", totals.get(kind)).put("count", items.size()).put("items", items);
  }

  /** Every total, by list name. */
  JsonObject totals() {
    JsonObject out = new JsonObject();
    totals.forEach((kind, total) -> out.put(kind.label(), total));
    return out;
  }

  void clear() {
    lists.values().forEach(ArrayDeque::clear);
    totals.replaceAll((kind, total) -> 0L);
  }
}
