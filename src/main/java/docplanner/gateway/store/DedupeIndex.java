package docplanner.gateway.store;

import java.time.Duration;
import java.util.HexFormat;

/**
 * Where, and for how long, the store remembers fingerprints (the layout itself is in
 * {@link StoreScript}): bucketed hashes under {@code {<stream.key>}:seen:<span>:<bucket>:…}, in the
 * stream's hash slot.
 *
 * <p><b>How long.</b> A bucket spans {@code dedupe.window} of Redis time and expires one window
 * after its end, and a lookup checks the buckets that can hold anything stored in the last window
 * (the current one and the one before). So a copy is recognised for <em>at least</em>
 * {@code dedupe.window} after the first one was stored, and for at most twice that: a fingerprint
 * is forgotten between one and two windows after it was stored, all of a bucket at once. The span
 * is part of the key names, so a changed window starts a new index rather than reading the old
 * buckets with the wrong span.
 *
 * <p><b>What.</b> The first {@value #FINGERPRINT_BYTES} bytes of the SHA-256, binary, not the 64
 * hex characters. 128 bits are plenty: two different notifications are taken for one only if their
 * truncated hashes collide, which for n fingerprints in one window has odds below n²/2¹²⁹ (for a
 * billion, 2⁻⁶⁹), and finding such a pair on purpose takes about 2⁶⁴ SHA-256 computations,
 * truncated SHA-256 having no known shortcut.
 */
public final class DedupeIndex {

  /** Bytes of the SHA-256 the index keeps. */
  public static final int FINGERPRINT_BYTES = 16;

  private DedupeIndex() {
  }

  /** The span of a bucket: one window (whole milliseconds, at least one). */
  public static long spanMillis(Duration window) {
    return Math.max(1, window.toMillis());
  }

  /** The index's key for a fingerprint (64 hex characters): its first {@value #FINGERPRINT_BYTES} bytes. */
  public static byte[] key(String hexFingerprint) {
    return HexFormat.of().parseHex(hexFingerprint, 0, 2 * FINGERPRINT_BYTES);
  }

  /** Prefix of every key of the index for this stream and window: {@code {<stream.key>}:seen:<span>:}. */
  public static String family(String streamKey, Duration window) {
    return StreamKeys.of(streamKey).dedupe() + ":" + spanMillis(window) + ":";
  }
}
