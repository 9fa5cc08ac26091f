package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.EntryFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;

/**
 * One stream entry as read back from Redis. Only the id is read at once; the fields are read when
 * the entry is first encoded for a subscriber, so a replica nobody listens to pays for ids only.
 */
public final class StreamEntry {

  private final StreamId id;
  private final String idText;
  private final Response rawFields;
  private Fields fields;

  /** The fields of an entry; ones a newer gateway may add are ignored, missing ones read as "". */
  public record Fields(String name, String source, String fingerprint, String facility, String doctor, String verdict,
                Buffer notification) {
  }

  private StreamEntry(String idText, Response rawFields) {
    this.idText = idText;
    this.id = StreamId.parse(idText);
    this.rawFields = rawFields;
  }

  /** An entry whose fields are already known (unit tests feed these). */
  public static StreamEntry of(String idText, Fields fields) {
    StreamEntry entry = new StreamEntry(idText, null);
    entry.fields = fields;
    return entry;
  }

  /** From {@code [id, [field, value, ...]]} as XRANGE and XREAD return it. */
  public static StreamEntry from(Response entry) {
    return new StreamEntry(entry.get(0).toString(), entry.get(1));
  }

  public StreamId id() {
    return id;
  }

  public String idText() {
    return idText;
  }

  /** Not thread-safe: callers on other threads go through {@link TailBatch}, which serialises it. */
  public Fields fields() {
    if (fields == null) {
      fields = parse(rawFields);
    }
    return fields;
  }

  private static Fields parse(Response raw) {
    String name = "";
    String source = "";
    String fingerprint = "";
    String facility = "";
    String doctor = "";
    String verdict = "";
    Buffer notification = Buffer.buffer("null");
    int n = raw == null ? 0 : raw.size();
    for (int i = 0; i + 1 < n; i += 2) {
      String field = raw.get(i).toString();
      Response value = raw.get(i + 1);
      switch (field) {
        case EntryFields.NAME -> name = value.toString();
        case EntryFields.SOURCE -> source = value.toString();
        case EntryFields.FINGERPRINT -> fingerprint = value.toString();
        case EntryFields.FACILITY -> facility = value.toString();
        case EntryFields.DOCTOR -> doctor = value.toString();
        case EntryFields.VERDICT -> verdict = value.toString();
        case EntryFields.NOTIFICATION -> notification = value.toBuffer();
        default -> {
          // a field from a newer gateway: pass over it
        }
      }
    }
    return new Fields(name, source, fingerprint, facility, doctor, verdict, notification);
  }
}
