package docplanner.gateway.feed.group;

import docplanner.gateway.feed.EncodedEvent;
import docplanner.gateway.feed.FrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a group consumer is sent: the broadcast envelope with {@code "group"} and
 * {@code "deliveries"} right after its {@code "id"} (spliced into the bytes encoded once, not
 * re-encoded), and the notices (subscribed, reset, error).
 */
final class GroupFrames {

  private GroupFrames() {
  }

  /** {@code event}'s envelope for a group delivery; its SSE frame carries the same id and name. */
  static EncodedEvent delivery(EncodedEvent event, String group, int deliveries) {
    byte[] json = event.json();
    // The envelope starts {"id":"<id>", and ids need no escaping.
    int afterId = "{\"id\":\"".length() + event.id().toString().length() + 1;
    byte[] extra = (",\"group\":\"" + group + "\",\"deliveries\":" + deliveries).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[json.length + extra.length];
    System.arraycopy(json, 0, out, 0, afterId);
    System.arraycopy(extra, 0, out, afterId, extra.length);
    System.arraycopy(json, afterId, out, afterId + extra.length, json.length - afterId);
    String id = event.id().toString();
    String name = FrameEncoder.sseField(event.name());
    Buffer frame = Buffer.buffer(out.length + name.length() + id.length() + 32)
        .appendString("id: ").appendString(id)
        .appendString("\nevent: ").appendString(name)
        .appendString("\ndata: ").appendBytes(out)
        .appendString("\n\n");
    return new EncodedEvent(event.id(), event.name(), event.facility(), event.doctor(), frame, out);
  }

  static String subscribed(String group, String consumer) {
    return new JsonObject().put("type", "subscribed").put("group", group).put("consumer", consumer).encode();
  }

  /** Pending entries of the group whose stream entries were trimmed before they were acknowledged. */
  static String trimmed(String group, List<String> lost) {
    return new JsonObject().put("type", "reset").put("reason", "trimmed").put("group", group)
        .put("lost", new JsonArray(List.copyOf(lost))).encode();
  }

  static String error(String detail) {
    return new JsonObject().put("type", "error").put("detail", detail).encode();
  }
}
