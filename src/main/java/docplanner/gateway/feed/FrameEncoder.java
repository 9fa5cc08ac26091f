package docplanner.gateway.feed;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.ingest.StrictUtf8;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds the delivery envelope of an entry, once:
 * <pre>{"id","name","source","received_at","fingerprint",["verdict","verdict_by",]"notification":{...}}</pre>
 * and its SSE frame ({@code id:}, {@code event:}, one {@code data:} line). The notification is
 * embedded as stored (compact JSON). Nothing from the payload can break the SSE framing: JSON
 * strings carry no raw line breaks, the event name is stripped of them, and a stray CR or LF in a
 * foreign entry's JSON (where it can only be whitespace) becomes a space.
 */
public final class FrameEncoder {

  private static final DateTimeFormatter RECEIVED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private FrameEncoder() {
  }

  public static EncodedEvent encode(StreamEntry entry) {
    StreamEntry.Fields fields = entry.fields();
    byte[] json = envelope(entry.idText(), entry.id().millis(), fields);
    String eventName = sseField(fields.name());
    Buffer frame = Buffer.buffer(json.length + eventName.length() + entry.idText().length() + 32)
        .appendString("id: ").appendString(entry.idText())
        .appendString("\nevent: ").appendString(eventName)
        .appendString("\ndata: ").appendBytes(json)
        .appendString("\n\n");
    return new EncodedEvent(entry.id(), fields.name(), fields.facility(), fields.doctor(), frame, json);
  }

  static byte[] envelope(String id, long receivedAtMillis, StreamEntry.Fields entry) {
    StringBuilder head = new StringBuilder(256)
        .append("{\"id\":\"").append(id)
        .append("\",\"name\":\"").append(escape(entry.name()))
        .append("\",\"source\":\"").append(escape(entry.source().isEmpty() ? "push" : entry.source()))
        .append("\",\"received_at\":\"").append(RECEIVED_AT.format(Instant.ofEpochMilli(receivedAtMillis)))
        .append("\",\"fingerprint\":\"").append(escape(entry.fingerprint())).append('"');
    Verdict verdict = Verdict.decode(entry.verdict());
    if (verdict != null) {
      head.append(",\"verdict\":\"").append(verdict.decision())
          .append("\",\"verdict_by\":\"").append(verdict.decidedBy().wire()).append('"');
    }
    head.append(",\"notification\":");
    byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = entry.notification().getBytes();
    if (StrictUtf8.firstInvalid(body, 0, body.length) >= 0) {
      // Stored before pushes were checked for UTF-8, or by another writer: one U+FFFD per bad
      // sequence, or every WebSocket subscriber would reject this frame, reconnect and get it again.
      body = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
    byte[] json = new byte[prefix.length + body.length + 1];
    System.arraycopy(prefix, 0, json, 0, prefix.length);
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      json[prefix.length + i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
    }
    json[json.length - 1] = '}';
    return json;
  }

  private static char[] escape(String text) {
    return JsonStringEncoder.getInstance().quoteAsString(text);
  }

  /** An SSE field value must not contain CR or LF (it would end the field). */
  public static String sseField(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return value.replace('\r', ' ').replace('\n', ' ');
  }
}
