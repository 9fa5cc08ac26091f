package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One notification as the sandbox holds it: the exact bytes that are pulled and pushed, its name,
 * a sandbox id (for the admin API only: the wire envelope has no id) and when the sandbox created
 * it, by the sandbox clock (which is what the 72 h and 14 day limits count from, not the body's
 * {@code created_at}).
 */
record SandboxEvent(long id, String name, Buffer body, Instant createdAt) {

  /** The admin view: ids and times, plus the notification itself. */
  JsonObject describe() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("created_at", createdAt.toString())
        .put("notification", new JsonObject(body));
  }
}
