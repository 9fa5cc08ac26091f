package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.EntryFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;

/**
 * One stream entry as read back from Redis. Fields other gateways or versions may add are ignored;
 * missing ones read as "".
 */
record StreamEntry(StreamId id, String idText, String name, String source, String fingerprint, String facility,
                   String doctor, String verdict, Buffer notification) {

  /** Parses {@code [id, [field, value, ...]]} as XRANGE and XREAD return it. */
  static StreamEntry from(Response entry) {
    String idText = entry.get(0).toString();
    Response fields = entry.get(1);
    String name = "";
    String source = "";
    String fingerprint = "";
    String facility = "";
    String doctor = "";
    String verdict = "";
    Buffer notification = Buffer.buffer("null");
    int n = fields == null ? 0 : fields.size();
    for (int i = 0; i + 1 < n; i += 2) {
      String field = fields.get(i).toString();
      Response value = fields.get(i + 1);
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
    return new StreamEntry(StreamId.parse(idText), idText, name, source, fingerprint, facility, doctor, verdict,
        notification);
  }
}
