package docplanner.gateway.feed;

import docplanner.gateway.ingest.NotificationParser;
import io.vertx.core.buffer.Buffer;

/**
 * The fingerprint of a stored notification, computed from it exactly as at ingest (RFC 8785
 * canonical form, SHA-256, hex). Entries no longer carry it: 66 bytes of every ~1 KB entry, which
 * decided how many entries fit one of Redis's 4 KB stream nodes. Computing it costs each replica
 * one parse per entry it encodes (a few µs, once for all its subscribers), not one per subscriber.
 */
final class StoredFingerprint {

  /** The parser reuses a digest and a buffer; entries are encoded on event loops and in {@link TailBatch}. */
  private static final ThreadLocal<NotificationParser> PARSER = ThreadLocal.withInitial(NotificationParser::new);

  private StoredFingerprint() {
  }

  /** The fingerprint, or "" for a stored body that is no notification (another writer's entry). */
  static String of(Buffer notification) {
    try {
      return PARSER.get().parse(notification).fingerprint();
    } catch (RuntimeException notANotification) {
      return "";
    }
  }
}
