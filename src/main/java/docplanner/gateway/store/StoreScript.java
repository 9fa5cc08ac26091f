package docplanner.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one Redis round trip of a push: look the fingerprint up, and only when it is new append the
 * event to the stream (trimming what is older than the retention) and remember fingerprint -> id
 * for the dedupe window. Atomic because Redis runs a script alone, so two replicas receiving the
 * same event at once still store it once.
 */
final class StoreScript {

  /**
   * KEYS[1] stream, KEYS[2] dedupe key. ARGV[1] dedupe window (ms), ARGV[2] MINID for trimming,
   * ARGV[3] the verdict ('' unless a blocking event), ARGV[4..8] name, source, fingerprint,
   * facility, doctor, ARGV[9] the notification. The field names are spelled here rather than sent:
   * fewer arguments to copy on both sides of every push. Returns {1, remembered} when stored,
   * {0, remembered} for a duplicate, where remembered is the id, then a space and the verdict if any.
   */
  static final String SOURCE = String.join("\n",
      "local first = redis.call('GET', KEYS[2])",
      "if first then return {0, first} end",
      "local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*',",
      "  '" + EntryFields.NAME + "', ARGV[4], '" + EntryFields.SOURCE + "', ARGV[5],",
      "  '" + EntryFields.FINGERPRINT + "', ARGV[6], '" + EntryFields.FACILITY + "', ARGV[7],",
      "  '" + EntryFields.DOCTOR + "', ARGV[8], '" + EntryFields.VERDICT + "', ARGV[3],",
      "  '" + EntryFields.NOTIFICATION + "', ARGV[9])",
      "local remembered = id",
      "if ARGV[3] ~= '' then remembered = id .. ' ' .. ARGV[3] end",
      "redis.call('SET', KEYS[2], remembered, 'PX', ARGV[1])",
      "return {1, remembered}");

  static final String SHA1 = sha1(SOURCE);

  private StoreScript() {
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
