package docplanner.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import docplanner.gateway.web.Problem;
import docplanner.gateway.event.Notification;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Turns a pushed (or pulled) body into a {@link Notification} in one parse: it checks the JSON
 * and the envelope ({@code name}, {@code data}, {@code created_at}), writes the canonical form the
 * fingerprint is computed from, and keeps the original bytes minus whitespace. Anything beyond the
 * envelope is passed through unread, so new fields and new event names need no release of ours.
 * What Docplanner sends is read straight from the bytes ({@link DirectJsonReader}, no tree);
 * anything else (and every error) goes through Jackson and a sorted tree, with the same result.
 *
 * <p>Not thread-safe (it reuses a digest and a buffer): one per event loop.
 */
public final class NotificationParser {

  static final int MAX_DEPTH = 64;
  static final int MAX_NUMBER_LENGTH = 400;

  private static final JsonFactory JSON = JsonFactory.builder()
      // Repeated keys are found by the canonical writer, which sorts the keys anyway.
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
      .build();
  /**
   * For {@link #canonicalBytes} only, which tests also feed canonical forms: a canonical number can
   * be a little longer than its literal ({@code 0.00000} in front, zeros up to 21 digits, or an
   * exponent: at most 25 characters more), found by fuzzing.
   */
  private static final JsonFactory CANONICAL_INPUT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH + 32).build())
      .build();

  /** The strings whose text the envelope needs: name and created_at, and data.facility.id / data.doctor.id. */
  private static final CanonicalJson.TextWanted ENVELOPE_TEXT = (depth, key) ->
      depth == 1 ? "name".equals(key) || "created_at".equals(key) : depth == 3 && "id".equals(key);

  private final CanonicalJson canonical = new CanonicalJson();
  private final DirectJsonReader direct = new DirectJsonReader(canonical);

  /** Parses {@code body}; throws {@link Problem} with the precise reason when it is not a notification. */
  public Notification parse(Buffer body) {
    return parse(body, true);
  }

  /** {@link #parse} without the fast path: tests hold the two to the same answers. */
  Notification parseWithJackson(Buffer body) {
    return parse(body, false);
  }

  private Notification parse(Buffer body, boolean fastPath) {
    byte[] bytes = body.getBytes();
    int offset = BodyEncoding.textStart(bytes);
    canonical.reset();
    if (fastPath && direct.read(bytes, offset, bytes.length) && direct.isEnvelope()) {
      return new Notification(direct.name(), direct.facilityId(), direct.doctorId(), canonical.fingerprintOfWritten(),
          direct.compact());
    }
    Object tree = readWithJackson(bytes, offset);
    return envelope(tree, JsonMinifier.minify(bytes, offset, bytes.length - offset));
  }

  /** The tree of the body, from Jackson's tokens; or the precise reason it cannot be read. */
  private Object readWithJackson(byte[] bytes, int offset) {
    Object tree;
    try (JsonParser parser = JSON.createParser(bytes, offset, bytes.length - offset)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw Problem.malformed("the body is empty; expected a JSON object");
      }
      canonical.reset();
      tree = canonical.read(parser, first, 0, null, ENVELOPE_TEXT);
      if (parser.nextToken() != null) {
        throw Problem.malformed("unexpected content after the JSON value at " + where(parser));
      }
    } catch (StreamConstraintsException e) {
      throw Problem.invalid("too-complex", "Body exceeds structural limits",
          "nesting deeper than " + MAX_DEPTH + " levels or an over-long number", null);
    } catch (JsonParseException e) {
      throw Problem.malformed(e.getOriginalMessage() + " at " + where(e));
    } catch (IOException e) {
      throw Problem.malformed(e.getMessage());
    }
    return tree;
  }

  /** The notification in {@code tree}, stored as {@code compact} (the body without whitespace between tokens). */
  private Notification envelope(Object tree, byte[] compact) {
    if (!(tree instanceof JsonObjectNode root)) {
      throw Problem.invalid("not-an-object", "Body is not a JSON object",
          "a notification is an object {\"name\",\"data\",\"created_at\"}; got " + kind(tree), "");
    }
    Object name = root.get("name");
    String nameText = text(name);
    if (nameText == null || nameText.isEmpty()) {
      throw Problem.invalid("invalid-envelope", "Envelope field is missing or of the wrong type",
          "name must be a non-empty string; got " + kind(name), "/name");
    }
    Object data = root.get("data");
    if (!(data instanceof JsonObjectNode dataObject)) {
      throw Problem.invalid("invalid-envelope", "Envelope field is missing or of the wrong type",
          "data must be an object; got " + kind(data), "/data");
    }
    Object createdAt = root.get("created_at");
    if (text(createdAt) == null) {
      throw Problem.invalid("invalid-envelope", "Envelope field is missing or of the wrong type",
          "created_at must be a string; got " + kind(createdAt), "/created_at");
    }
    String fingerprint = canonical.fingerprint(root);
    return new Notification(nameText, idOf(dataObject.get("facility")), idOf(dataObject.get("doctor")), fingerprint,
        compact);
  }

  /** The text of a string value, or null when {@code value} is not a string. */
  private static String text(Object value) {
    return value instanceof CanonicalJson.Scalar scalar && scalar.kind == CanonicalJson.Scalar.STRING ? scalar.text : null;
  }

  /** {@code data.facility.id} and friends: a string id (numbers tolerated), or "" when absent. */
  private static String idOf(Object entity) {
    if (entity instanceof JsonObjectNode object && object.get("id") instanceof CanonicalJson.Scalar id
        && (id.kind == CanonicalJson.Scalar.STRING || id.kind == CanonicalJson.Scalar.NUMBER) && id.text != null) {
      return id.text;
    }
    return "";
  }

  private static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof JsonObjectNode) {
      return "an object";
    }
    if (value instanceof CanonicalJson.Scalar scalar) {
      return switch (scalar.kind) {
        case CanonicalJson.Scalar.STRING -> "a string";
        case CanonicalJson.Scalar.NUMBER -> "a number";
        case CanonicalJson.Scalar.BOOLEAN -> "a boolean";
        default -> "null";
      };
    }
    return "an array";
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String where(JsonParseException e) {
    return e.getLocation() == null ? "an unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** The canonical bytes of {@code body} (for tests and benchmarks), read as {@link #parse} reads it. */
  byte[] canonicalBytes(Buffer body) {
    byte[] bytes = body.getBytes();
    int offset = BodyEncoding.textStart(bytes);
    canonical.reset();
    if (direct.read(bytes, offset, bytes.length)) {
      return canonical.written();
    }
    return canonical.canonical(readCanonicalInputWithJackson(bytes, offset));
  }

  /** Whether the fast path reads {@code body} (tests: the upstream's examples must take it). */
  boolean readsDirectly(Buffer body) {
    byte[] bytes = body.getBytes();
    canonical.reset();
    return direct.read(bytes, BodyEncoding.textStart(bytes), bytes.length);
  }

  private Object readCanonicalInputWithJackson(byte[] bytes, int offset) {
    try (JsonParser parser = CANONICAL_INPUT.createParser(bytes, offset, bytes.length - offset)) {
      canonical.reset();
      return canonical.read(parser, parser.nextToken(), 0, null, ENVELOPE_TEXT);
    } catch (IOException e) {
      throw Problem.malformed(e.getMessage());
    }
  }
}
