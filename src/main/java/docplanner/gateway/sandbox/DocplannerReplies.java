package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Answers in Docplanner's media types: {@code vnd.docplanner+json} bodies and {@code vnd.error+docplanner+json} errors. */
final class DocplannerReplies {

  static final String SUCCESS_TYPE = "application/vnd.docplanner+json; charset=UTF-8";
  static final String ERROR_TYPE = "application/vnd.error+docplanner+json";

  static final String NO_NOTIFICATIONS = "No notifications found";
  static final String NOT_ALLOWED = "You are not allowed to use this method";

  private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;

  private DocplannerReplies() {
  }

  static void ok(HttpServerResponse response, Buffer body) {
    response.setStatusCode(200).putHeader(CONTENT_TYPE, SUCCESS_TYPE).end(body);
  }

  /** {@code {"errors":[…],"message":"…"}}, the shape of the contract's error examples. */
  static void error(HttpServerResponse response, int status, String message, JsonArray errors) {
    Buffer body = new JsonObject().put("errors", errors).put("message", message).toBuffer();
    response.setStatusCode(status).putHeader(CONTENT_TYPE, ERROR_TYPE).end(body);
  }

  static void error(HttpServerResponse response, int status, String message) {
    error(response, status, message, new JsonArray());
  }

  /** OAuth2 token-endpoint errors are plain JSON per RFC 6749 ({@code error}, {@code error_description}). */
  static void oauthError(HttpServerResponse response, int status, String error, String description) {
    response.setStatusCode(status)
        .putHeader(CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("error", error).put("error_description", description).toBuffer());
  }
}
