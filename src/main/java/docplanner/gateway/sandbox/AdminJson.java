package docplanner.gateway.sandbox;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Admin request bodies, parsed with errors a person can act on: where the JSON breaks (line and
 * column) or what kind of value came instead of an object, never the parser's own message, which
 * names Jackson and Netty classes and echoes the input.
 */
final class AdminJson {

  private AdminJson() {
  }

  /** Any JSON value; a 400 problem saying where it is malformed. */
  static Object value(Buffer body) {
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw Problem.malformed("the body is not valid JSON" + where(e));
    }
  }

  /** A JSON object (an empty body is an empty object); a 400 problem otherwise. */
  static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    Object value = value(body);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw Problem.invalid("not-an-object", "Body is not a JSON object",
        "expected a JSON object such as {\"rate\": 2}; got " + kind(value), "");
  }

  /** What a JSON value is, in words. */
  static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "true or false";
    }
    return "an object";
  }

  private static String where(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException cause && cause.getLocation() != null) {
      JsonLocation at = cause.getLocation();
      if (at.getLineNr() > 0 && at.getColumnNr() > 0) {
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
    }
    return "";
  }
}
