package docplanner.gateway.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: the HTTP status, a stable type slug, a title and a detail naming the
 * offending part, sent as {@code application/problem+json}. Thrown for expected bad input, so it
 * carries no stack trace.
 */
public final class Problem extends RuntimeException {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://docplanner-gateway.dev/problems/";

  private final int status;
  private final String type;
  private final String title;
  private final String pointer;

  /** @param pointer JSON Pointer to the offending member, or null when the request as a whole is at fault */
  public Problem(int status, String type, String title, String detail, String pointer) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.pointer = pointer;
  }

  public Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, null);
  }

  public static Problem malformed(String detail) {
    return new Problem(400, "malformed-json", "Body is not valid JSON", detail);
  }

  public static Problem invalid(String type, String title, String detail, String pointer) {
    return new Problem(422, type, title, detail, pointer);
  }

  public int status() {
    return status;
  }

  /** Short stable slug; also the metrics label of the reason. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public String pointer() {
    return pointer;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", TYPE_BASE + type)
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (pointer != null) {
      json.put("errors", new JsonArray().add(new JsonObject().put("pointer", "#" + pointer).put("detail", getMessage())));
    }
    return json;
  }

  /** Answers with this problem (and closes the connection when the request body was not read). */
  public void send(HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      return;
    }
    Buffer body = toJson().toBuffer();
    response.setStatusCode(status)
        .putHeader("Content-Type", MEDIA_TYPE)
        .putHeader("Content-Length", String.valueOf(body.length()))
        .end(body);
  }
}
