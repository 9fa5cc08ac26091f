package docplanner.gateway.feed;

import docplanner.gateway.event.Notification;
import docplanner.gateway.store.EntryFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.redis.client.impl.types.MultiType;

/**
 * What the feed sends for a notification, built by the production encoder from a stream entry as
 * Redis returns it (for tests outside this package: the fuzz test of the whole ingest path).
 */
public final class StoredFrames {

  private StoredFrames() {
  }

  /** The SSE frame and the WebSocket text payload (the envelope) of one event. */
  public record Frames(byte[] sse, byte[] webSocketText) {
  }

  /**
   * Encodes {@code notification} as the store writes it with {@code verdict} (encoded, "" for none)
   * under {@code id}: no fingerprint field (the feed computes it), a verdict field only for a verdict.
   */
  public static Frames of(String id, Notification notification, String verdict) {
    String[][] all = {
        {EntryFields.NAME, notification.name()}, {EntryFields.SOURCE, "push"},
        {EntryFields.FACILITY, notification.facilityId()}, {EntryFields.DOCTOR, notification.doctorId()},
        {EntryFields.VERDICT, verdict}};
    String[][] pairs = verdict.isEmpty() ? java.util.Arrays.copyOf(all, all.length - 1) : all;
    MultiType values = MultiType.create(pairs.length * 2L + 2, false);
    for (String[] pair : pairs) {
      values.add(BulkType.create(Buffer.buffer(pair[0]), false));
      values.add(BulkType.create(Buffer.buffer(pair[1]), false));
    }
    values.add(BulkType.create(Buffer.buffer(EntryFields.NOTIFICATION), false));
    values.add(BulkType.create(Buffer.buffer(notification.body()), false));
    MultiType entry = MultiType.create(2, false);
    entry.add(BulkType.create(Buffer.buffer(id), false));
    entry.add(values);
    EncodedEvent event = FrameEncoder.encode(StreamEntry.from(entry));
    return new Frames(event.sseFrame().getBytes(), event.json());
  }

  /** Raw notification bytes as some other writer may have stored them (not checked by ingest). */
  public static Frames ofRawBody(String id, String name, byte[] body) {
    return of(id, new Notification(name, "", "", "", body), "");
  }
}
