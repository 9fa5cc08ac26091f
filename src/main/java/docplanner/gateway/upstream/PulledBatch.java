package docplanner.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of {@code GET /notifications/multiple}: each notification as the exact bytes Docplanner
 * sent (so it goes through the same parser as a push, and its stored body is what a push of it would
 * store), and how many are left in the queue.
 *
 * <p>The answer is read with a streaming parser that only finds where each array element starts
 * and ends. An element that is not an object is kept as an empty literal of its type ({@code ""},
 * {@code 0}...), so the notification parser rejects it with a precise reason and its content is
 * never held on to.
 */
public record PulledBatch(List<Buffer> notifications, int remaining) {

  /** The queue was empty (404 "No notifications found"). */
  public static final PulledBatch EMPTY = new PulledBatch(List.of(), 0);

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(128).build())
      .build();

  public boolean isEmpty() {
    return notifications.isEmpty();
  }

  /** Reads a 200 answer; throws {@link UpstreamFailure} (unexpected) when it is not the contract's shape. */
  static PulledBatch read(Buffer body, String what) {
    byte[] bytes = body.getBytes();
    List<Buffer> notifications = null;
    int remaining = 0;
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw unreadable(what, "the answer is not a JSON object");
      }
      for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("notifications".equals(name) && value == JsonToken.START_ARRAY) {
          notifications = elements(parser, body);
        } else if ("remaining".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          remaining = Math.max(0, parser.getIntValue());
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw unreadable(what, "the answer is not valid JSON (" + e.getClass().getSimpleName() + " at byte "
          + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? j.getLocation().getByteOffset() : -1) + ")");
    }
    if (notifications == null) {
      throw unreadable(what, "the answer has no notifications array");
    }
    return new PulledBatch(List.copyOf(notifications), remaining);
  }

  private static List<Buffer> elements(JsonParser parser, Buffer body) throws IOException {
    List<Buffer> out = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == null) {
        throw new IOException("unexpected end of the notifications array");
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        out.add(body.getBuffer(start, end));
      } else {
        out.add(Buffer.buffer(placeholder(token)));
      }
    }
    return out;
  }

  /** An empty value of the same JSON type, so the rejection names the type without keeping the content. */
  private static String placeholder(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "\"\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "0";
      case VALUE_TRUE, VALUE_FALSE -> "true";
      default -> "null";
    };
  }

  private static UpstreamFailure unreadable(String what, String why) {
    return new UpstreamFailure(UpstreamFailure.Kind.UNEXPECTED, 200, null, what + " answered 200 but " + why);
  }
}
