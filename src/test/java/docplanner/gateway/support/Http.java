package docplanner.gateway.support;

import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Plain GETs against a local port (health, metrics), with polling until an answer satisfies a condition. */
public final class Http {

  private Http() {
  }

  public static PushClient.Answer get(int port, String path) {
    return new PushClient(port, path).send("GET", path, null, null);
  }

  /**
   * Polls {@code GET path} until {@code done} holds (or the deadline passes); returns the last
   * answer, so that the caller's assertion on it shows what was answered instead of a timeout.
   */
  public static PushClient.Answer getUntil(int port, String path, Predicate<PushClient.Answer> done, long timeoutMs)
      throws InterruptedException {
    AtomicReference<PushClient.Answer> last = new AtomicReference<>();
    try {
      return await().atMost(Duration.ofMillis(timeoutMs)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .until(() -> {
            last.set(get(port, path));
            return last.get();
          }, done);
    } catch (ConditionTimeoutException e) {
      return last.get() != null ? last.get() : get(port, path);
    }
  }

  /** The data of check {@code id} in a vertx-health-check answer. */
  public static JsonObject check(PushClient.Answer answer, String id) {
    for (Object check : answer.json().getJsonArray("checks")) {
      JsonObject json = (JsonObject) check;
      if (id.equals(json.getString("id"))) {
        return json;
      }
    }
    throw new AssertionError("no check " + id + " in " + answer.body());
  }
}
