package docplanner.gateway.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.List;

/**
 * For the bench's {@code dedupe-index} ceiling: the gateway's own store script (the bucketed dedupe
 * index, {@link StoreScript}) with what a bare server knows of a push, its raw body and its SHA-256.
 * It lives in the store's package (in the bench's sources only) so the script stays package-private
 * in the gateway.
 */
public final class IndexCeiling {

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] PUSH = "push".getBytes();
  private static final byte[] NAME = "slot-booked".getBytes();

  private final byte[] stream;
  private final byte[] prefix;
  private final long windowMs;
  private final long spanMs;
  private final long retentionMs;

  public IndexCeiling(String streamKey, Duration window, Duration retention) {
    this.stream = streamKey.getBytes();
    this.prefix = StreamKeys.of(streamKey).dedupe().getBytes();
    this.windowMs = window.toMillis();
    this.spanMs = DedupeIndex.spanMillis(window);
    this.retentionMs = retention.toMillis();
  }

  public static String source() {
    return StoreScript.SOURCE;
  }

  /** The script's arguments for these bodies, after {@code EVALSHA <sha>}. */
  public Request arguments(Request evalsha, List<Buffer> bodies, List<byte[]> sha256s) {
    Request request = evalsha.arg(2).arg(stream).arg(prefix).arg(windowMs).arg(spanMs)
        .arg(Math.max(0, System.currentTimeMillis() - retentionMs));
    for (int i = 0; i < bodies.size(); i++) {
      byte[] fingerprint = java.util.Arrays.copyOf(sha256s.get(i), DedupeIndex.FINGERPRINT_BYTES);
      request.arg(EMPTY).arg(NAME).arg(PUSH).arg(fingerprint).arg(EMPTY).arg(EMPTY).arg(bodies.get(i));
    }
    return request;
  }

  /** The stream id in one item of the reply (the id, then a space and a verdict, if any). */
  public static String id(String remembered) {
    int space = remembered.indexOf(' ');
    return space < 0 ? remembered : remembered.substring(0, space);
  }
}
