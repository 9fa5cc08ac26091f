package docplanner.gateway.support;

import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/** Plain GETs against a local port (health, metrics), with polling until an answer satisfies a condition. */
public final class Http {

  private Http() {
  }

  public static PushClient.Answer get(int port, String path) {
    return new PushClient(port, path).send("GET", path, null, null);
  }

  /** Polls {@code GET path} until {@code done} holds (or the deadline passes); returns the last answer. */
  public static PushClient.Answer getUntil(int port, String path, Predicate<PushClient.Answer> done, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    PushClient.Answer answer = get(port, path);
    while (!done.test(answer) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      answer = get(port, path);
    }
    return answer;
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
