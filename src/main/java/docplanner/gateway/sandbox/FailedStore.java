package docplanner.gateway.sandbox;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Events whose push failed outright on every attempt, kept for {@code release} to re-dispatch
 * until {@code retention} after their creation (Docplanner: 14 days), then deleted. Bounded:
 * beyond {@code max} the earliest failed is deleted. Confined to one event loop.
 */
final class FailedStore {

  /** A failed event: when it last failed, after how many attempts, why, and when it will be deleted. */
  record Failed(SandboxEvent event, Instant failedAt, int attempts, String reason, Instant deleteAt) {

    JsonObject describe() {
      return event.describe()
          .put("failed_at", failedAt.toString())
          .put("attempts", attempts)
          .put("reason", reason)
          .put("delete_at", deleteAt.toString());
    }
  }

  private final Map<Long, Failed> failed = new LinkedHashMap<>();
  private final Duration retention;
  private final int max;
  private final Consumer<SandboxEvent> onDeleted;

  FailedStore(Duration retention, int max, Consumer<SandboxEvent> onDeleted) {
    this.retention = retention;
    this.max = max;
    this.onDeleted = onDeleted;
  }

  void add(SandboxEvent event, Instant failedAt, int attempts, String reason) {
    purge(failedAt);
    Instant deleteAt = event.createdAt().plus(retention);
    if (!deleteAt.isAfter(failedAt)) {
      onDeleted.accept(event);
      return;
    }
    if (failed.size() >= max) {
      Iterator<Failed> earliest = failed.values().iterator();
      onDeleted.accept(earliest.next().event);
      earliest.remove();
    }
    failed.put(event.id(), new Failed(event, failedAt, attempts, reason, deleteAt));
  }

  /** Removes and returns every failed event still kept at {@code now} (for a release). */
  List<Failed> takeAll(Instant now) {
    purge(now);
    List<Failed> all = new ArrayList<>(failed.values());
    failed.clear();
    return all;
  }

  /** Deletes the events whose retention has ended. */
  void purge(Instant now) {
    Iterator<Failed> it = failed.values().iterator();
    while (it.hasNext()) {
      Failed f = it.next();
      if (!f.deleteAt.isAfter(now)) {
        it.remove();
        onDeleted.accept(f.event);
      }
    }
  }

  List<Failed> snapshot() {
    return List.copyOf(failed.values());
  }

  int size() {
    return failed.size();
  }

  void clear() {
    failed.clear();
  }
}
