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
 *
 * <p>The dedupe index ({@link DedupeIndex}) is a few small hashes rather than a key per
 * fingerprint, so that Redis keeps them in its compact listpack encoding: Redis time is cut into
 * buckets of {@code span} ms; a fingerprint goes to the bucket of the time it was stored, and a
 * bucket expires as a whole {@code window} after its end. Within a bucket, fingerprints are spread
 * over shards by linear hashing on the bucket's count ({@code …:n}): one more shard every
 * {@value #SHARD_LOAD} fingerprints, made by splitting one older shard in two, so a shard holds
 * about {@value #SHARD_LOAD} to twice that (never near the default 128-entry listpack limit,
 * whatever the traffic) and a lookup is one {@code HGET} per live bucket. Every shard carries the
 * field {@code ""} from its creation, with the bucket's expiry, so no later write creates a shard
 * without one.
 */
final class StoreScript {

  /** Values per notification in ARGV, after the three shared ones, when it has no verdict. */
  static final int VALUES = 7;

  /** Values per notification with a verdict: two more, its deadline and the verdict stored after it. */
  static final int VALUES_WITH_VERDICT = 9;

  /** Fingerprints per shard the index aims at on average (see the class comment). */
  static final int SHARD_LOAD = 32;

  /**
   * What both scripts start with: Redis's clock, the current bucket and the one before, their counts
   * and shard geometry. KEYS[2] the index's prefix ({@link StreamKeys#dedupe()}, in the stream's
   * hash slot, so every key below is too), ARGV[1] the window (ms), ARGV[2] the bucket span (ms).
   * Defines {@code base} / {@code pbase} (the two buckets' key prefixes), {@code before} /
   * {@code pcount} (their counts), {@code shards, level} / {@code pshards, plevel} (linear hashing:
   * n fingerprints make 1 + n / LOAD shards, the first ones already split, level the power of two
   * below), {@code expireAt} and {@code decimal(s)}.
   *
   * <p>Written for what Redis's Lua costs (callgrind, docs/performance.md, twenty-fifth round): a
   * call's fixed part was once larger than all of bare-dedupe's, from tables keyed by bucket (each
   * new key a rehash), closures (each captured local a search of the open upvalues) and numbers
   * turned into text with sprintf; so the two buckets are plain locals, the hot path has no function
   * of its own to call, and numbers become digits with one string.char.
   */
  private static final String PRELUDE = String.join("\n",
      "local LOAD = " + SHARD_LOAD,
      "local call, argv, floor = redis.call, ARGV, math.floor",
      "local window, span = tonumber(argv[1]), tonumber(argv[2])",
      "local clock = call('TIME')",
      "local now = clock[1] * 1000 + floor(clock[2] / 1000)",
      "local current = floor(now / span)",
      // Fingerprints stored at now - window or later are in this bucket or the one before: a bucket
      // spans the window (DedupeIndex), so no other can hold one.
      "local previous = floor((now - window) / span)",
      "if previous < current - 1 then return redis.error_reply('ERR the dedupe window is longer than a bucket') end",
      "local byte, char = string.byte, string.char",
      // A number (a bucket, a shard, a count) as Lua's tostring writes it below 1e14, which is all
      // these reach: its digits in one string.char, not sprintf of a double.
      "local function decimal(s)",
      "  if s < 10 then return char(48 + s) end",
      "  local u = s % 10",
      "  s = (s - u) / 10",
      "  if s < 10 then return char(48 + s, 48 + u) end",
      "  local t = s % 10",
      "  s = (s - t) / 10",
      "  if s < 10 then return char(48 + s, 48 + t, 48 + u) end",
      "  local c = s % 10",
      "  s = (s - c) / 10",
      "  if s < 10 then return char(48 + s, 48 + c, 48 + t, 48 + u) end",
      "  local d = s % 10",
      "  s = (s - d) / 10",
      "  if s < 10 then return char(48 + s, 48 + d, 48 + c, 48 + t, 48 + u) end",
      "  return tostring(s) .. char(48 + d, 48 + c, 48 + t, 48 + u)",
      "end",
      // ARGV[2] as sent, rather than the number written back as text: the same digits.
      "local family = KEYS[2] .. ':' .. argv[2] .. ':'",
      "local base, pbase, got = family .. decimal(current) .. ':', false, nil",
      "if previous < current then",
      "  pbase = family .. decimal(previous) .. ':'",
      "  got = call('MGET', base .. 'n', pbase .. 'n')",
      "else",
      "  got = call('MGET', base .. 'n')",
      "end",
      "local before = tonumber(got[1]) or 0",
      "local pcount = pbase and tonumber(got[2]) or 0",
      "local expireAt = (current + 1) * span + window",
      "local shards, level = 1 + floor(before / LOAD), 1",
      "while level * 2 <= shards do level = level * 2 end",
      "local pshards, plevel = 1 + floor(pcount / LOAD), 1",
      "while plevel * 2 <= pshards do plevel = plevel * 2 end");

  /**
   * Looks {@code fp} up: sets {@code h} (its hash: its first four bytes), {@code key} (its shard in
   * the current bucket, where a new one is written) and {@code first} (what is remembered for it,
   * or false). {@code n} is the current bucket's count so far.
   */
  private static final String FIND = String.join("\n",
      "local h1, h2, h3, h4 = byte(fp, 1, 4)",
      "local h = ((h1 * 256 + h2) * 256 + h3) * 256 + h4",
      "local s = h % level",
      "if s < shards - level then s = h % (level * 2) end",
      "local key = base .. decimal(s)",
      "local first = false",
      "if n > 0 then first = call('HGET', key, fp) end",
      "if not first and pcount > 0 then",
      "  s = h % plevel",
      "  if s < pshards - plevel then s = h % (plevel * 2) end",
      "  first = call('HGET', pbase .. decimal(s), fp)",
      "end");

  /**
   * KEYS[1] stream, KEYS[2] the index's prefix. ARGV[1] dedupe window (ms), ARGV[2] bucket span
   * (ms), ARGV[3] MINID for trimming, then per notification: verdict ('' unless a blocking event),
   * name, source, fingerprint (its first 16 bytes, binary), facility, doctor, notification, then
   * only for a blocking event (a verdict not '') the time (Redis clock, ms) after which its verdict
   * no longer holds ('' for none) and the verdict stored instead: the push has been answered 503
   * by then (see {@code EventStore#append}), and the stored verdict must be the answer Docplanner
   * got. The field names are spelled here rather than sent; an entry has a verdict field only when
   * it has a verdict, and no fingerprint (the feed computes it from the notification).
   * Returns, per notification, two values, flat: 1, remembered when stored or 0, remembered for a
   * duplicate, where remembered is the stream id, then a space and the verdict if any (one array
   * rather than a pair each: a table less per notification in Lua, and an array less to answer).
   *
   * <p>A new fingerprint goes to its shard of the current bucket. Every {@value #SHARD_LOAD}th one
   * adds a shard: shard {@code old} is made from half of shard {@code old - half} (half the power
   * of two below old): a copy of the whole shard (COPY keeps its expiry) less the fields that stay,
   * which then leave the old one. Only the field names cross into Lua, not the values. When shard
   * {@code old} is already there (it outlived its bucket's count, which only an eviction takes) or
   * the old shard is gone, the moved fields are merged into it instead, and it gets the bucket's
   * expiry like any new shard. The count is added, and the stream trimmed, once at the end.
   */
  static final String SOURCE = String.join("\n",
      PRELUDE,
      "local stream, minid, last = KEYS[1], argv[3], #argv",
      // Sized for a few notifications up front: a table grown one key at a time is rehashed at every power of two.
      "local out = {nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}",
      "local b, i, n = 3, 0, before",
      "while b < last do",
      "  local fp = argv[b + 4]",
      "  local verdict = argv[b + 1]",
      // Only a notification with a verdict carries the last two values.
      "  local size = verdict == '' and " + VALUES + " or " + VALUES_WITH_VERDICT,
      indent(FIND, "  "),
      "  if first then",
      "    out[i + 1], out[i + 2] = 0, first",
      "  else",
      "    if verdict ~= '' and argv[b + 8] ~= '' and now > tonumber(argv[b + 8]) then verdict = argv[b + 9] end",
      // Two spelled-out calls rather than a table and unpack: this runs once per notification.
      "    local remembered",
      "    if verdict == '' then",
      "      remembered = call('XADD', stream, '*',",
      "        " + fields("argv[b + 2]", "argv[b + 3]", "argv[b + 5]", "argv[b + 6]") + ",",
      "        '" + EntryFields.NOTIFICATION + "', argv[b + 7])",
      "    else",
      "      remembered = call('XADD', stream, '*',",
      "        " + fields("argv[b + 2]", "argv[b + 3]", "argv[b + 5]", "argv[b + 6]") + ",",
      "        '" + EntryFields.VERDICT + "', verdict, '" + EntryFields.NOTIFICATION + "', argv[b + 7])",
      "        .. ' ' .. verdict",
      "    end",
      // Every shard carries the field '' from its creation, with the bucket's expiry.
      "    if n == 0 then",
      "      call('HSET', key, '', '', fp, remembered)",
      "      call('PEXPIREAT', key, expireAt)",
      "    else",
      "      call('HSET', key, fp, remembered)",
      "    end",
      "    n = n + 1",
      "    if n % LOAD == 0 then",
      "      shards = shards + 1",
      "      if level * 2 <= shards then level = level * 2 end",
      "      local old, half, k = n / LOAD, 1, 0",
      "      while half * 2 <= old do half, k = half * 2, k + 1 end",
      "      local from, to = base .. decimal(old - half), base .. decimal(old)",
      "      local names = call('HKEYS', from)",
      // A field moves when bit k of its hash is set (hash % (2 * half) >= half): read from the one
      // byte of the fingerprint that holds that bit, rather than hashing every name.
      "      local at, bit = 4 - (k - k % 8) / 8, 2 ^ (k % 8)",
      "      local moved, kept = {}, {}",
      "      for j = 1, #names do",
      "        local f = names[j]",
      "        if f ~= '' then",
      "          if byte(f, at) % (bit * 2) >= bit then moved[#moved + 1] = f else kept[#kept + 1] = f end",
      "        end",
      "      end",
      "      if call('COPY', from, to) == 1 then",
      "        if #kept > 0 then call('HDEL', to, unpack(kept)) end",
      "      else",
      "        local merged = {'', ''}",
      "        if #moved > 0 then",
      "          local values = call('HMGET', from, unpack(moved))",
      "          for j = 1, #moved do",
      "            merged[2 * j + 1] = moved[j]",
      "            merged[2 * j + 2] = values[j]",
      "          end",
      "        end",
      "        call('HSET', to, unpack(merged))",
      "        call('PEXPIREAT', to, expireAt)",
      "      end",
      "      if #moved > 0 then call('HDEL', from, unpack(moved)) end",
      "    end",
      "    out[i + 1], out[i + 2] = 1, remembered",
      "  end",
      "  b, i = b + size, i + 2",
      "end",
      // Trimmed once per call rather than by each XADD: MINID on every XADD cost Redis 5,500 more
      // instructions per notification (6 %), its trimming arguments rewritten for replication each time.
      "if n > before then",
      "  call('XTRIM', stream, 'MINID', '~', minid)",
      "  call('INCRBY', base .. 'n', decimal(n - before))",
      "  if before == 0 then call('PEXPIREAT', base .. 'n', expireAt) end",
      "end",
      "return out");

  static final String SHA1 = sha1(SOURCE);

  /**
   * What is remembered for one fingerprint (ARGV[3], as in {@link #SOURCE}; '' when nothing), and
   * Redis's clock (seconds, microseconds): asked before a blocking event is decided, so a copy is
   * answered without asking the approver, and the store's deadline can be set on Redis's clock.
   * Keys and the first two ARGV as in {@link #SOURCE}.
   */
  static final String LOOKUP = String.join("\n",
      PRELUDE,
      "local fp, n = argv[3], before",
      FIND,
      "return {first or '', clock[1], clock[2]}");

  static final String LOOKUP_SHA1 = sha1(LOOKUP);

  private StoreScript() {
  }

  private static String indent(String lines, String by) {
    return by + lines.replace("\n", "\n" + by);
  }

  /** The entry's first fields, in the order every entry has them, as Lua arguments. */
  private static String fields(String name, String source, String facility, String doctor) {
    return String.join(", ", "'" + EntryFields.NAME + "'", name, "'" + EntryFields.SOURCE + "'", source,
        "'" + EntryFields.FACILITY + "'", facility, "'" + EntryFields.DOCTOR + "'", doctor);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
