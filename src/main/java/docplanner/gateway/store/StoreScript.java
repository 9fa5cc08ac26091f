package docplanner.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one Redis round trip of a push: for each notification, look its fingerprint up, and only
 * when it is new append it to the stream (trimming what is older than the retention) and remember
 * fingerprint -> id for the dedupe window. Atomic because Redis runs a script alone, so two
 * replicas receiving the same event at once still store it once. One call may carry several
 * notifications (the pushes that arrived in the same event-loop turn): each is still checked and
 * appended on its own, in order, but the cost of running a script is paid once for all of them.
 */
final class StoreScript {

  /** Values per notification in ARGV, after the two shared ones. */
  static final int VALUES_PER_ITEM = 9;

  /**
   * KEYS[1] stream, KEYS[1+i] the dedupe key of notification i. ARGV[1] dedupe window (ms), ARGV[2]
   * MINID for trimming, then per notification: verdict ('' unless a blocking event), name, source,
   * fingerprint, facility, doctor, notification, then for a blocking event the time (Redis clock, ms)
   * after which its verdict no longer holds ('' for none) and the verdict stored instead: the push
   * has been answered 503 by then (see {@code EventStore#append}), and the stored verdict must be the
   * answer Docplanner got. The field names are spelled here rather than sent.
   * Returns, per notification, {1, remembered} when stored or {0, remembered} for a duplicate,
   * where remembered is the stream id, then a space and the verdict if any.
   */
  static final String SOURCE = String.join("\n",
      "local out = {}",
      "for i = 1, #KEYS - 1 do",
      "  local key = KEYS[i + 1]",
      "  local b = 2 + (i - 1) * " + VALUES_PER_ITEM,
      "  local first = redis.call('GET', key)",
      "  if first then",
      "    out[i] = {0, first}",
      "  else",
      "    local verdict = ARGV[b + 1]",
      "    if ARGV[b + 8] ~= '' then",
      "      local now = redis.call('TIME')",
      "      if now[1] * 1000 + math.floor(now[2] / 1000) > tonumber(ARGV[b + 8]) then verdict = ARGV[b + 9] end",
      "    end",
      "    local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*',",
      "      '" + EntryFields.NAME + "', ARGV[b + 2], '" + EntryFields.SOURCE + "', ARGV[b + 3],",
      "      '" + EntryFields.FINGERPRINT + "', ARGV[b + 4], '" + EntryFields.FACILITY + "', ARGV[b + 5],",
      "      '" + EntryFields.DOCTOR + "', ARGV[b + 6], '" + EntryFields.VERDICT + "', verdict,",
      "      '" + EntryFields.NOTIFICATION + "', ARGV[b + 7])",
      "    local remembered = id",
      "    if verdict ~= '' then remembered = id .. ' ' .. verdict end",
      "    redis.call('SET', key, remembered, 'PX', ARGV[1])",
      "    out[i] = {1, remembered}",
      "  end",
      "end",
      "return out");

  static final String SHA1 = sha1(SOURCE);

  /**
   * What is remembered for one fingerprint ('' when nothing), and Redis's clock (seconds,
   * microseconds): asked before a blocking event is decided, so a copy is answered without asking
   * the approver, and the store's deadline can be set on Redis's clock.
   */
  static final String LOOKUP = "local now = redis.call('TIME') return {redis.call('GET', KEYS[1]) or '', now[1], now[2]}";

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
