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
   * The index, shared by both scripts. KEYS[2] the index's prefix ({@link StreamKeys#dedupe()}, in
   * the stream's hash slot, so every key below is too), ARGV[1] the window (ms), ARGV[2] the bucket
   * span (ms). Reads Redis's clock once and the counts of the live buckets once per call; defines
   * {@code hash(fp)}, {@code currentShard(h)} (the key fp is written to), {@code find(fp, h, key)} (what
   * is remembered, or false), {@code remember(key, fp, value)} and {@code count()}, which must run once
   * at the end of a call that remembered anything.
   */
  private static final String INDEX = String.join("\n",
      "local LOAD = " + SHARD_LOAD,
      // Locals, not the globals (a table lookup each, two for redis.call) at every use.
      "local call, argv = redis.call, ARGV",
      "local window = tonumber(argv[1])",
      "local span = tonumber(argv[2])",
      "local clock = call('TIME')",
      "local now = clock[1] * 1000 + math.floor(clock[2] / 1000)",
      "local current = math.floor(now / span)",
      // Fingerprints stored at now - window or later are in this bucket or a newer one.
      "local oldest = math.floor((now - window) / span)",
      // ARGV[2] as sent, rather than the number written back as text (a sprintf): the same digits.
      "local family = KEYS[2] .. ':' .. argv[2] .. ':'",
      // Each bucket's key prefix is made once per call: Lua turns a number into text with sprintf.
      "local prefixes, counters = {}, {}",
      "for b = oldest, current do",
      "  prefixes[b] = family .. b .. ':'",
      "  counters[#counters + 1] = prefixes[b] .. 'n'",
      "end",
      "local got = call('MGET', unpack(counters))",
      "local counts = {}",
      "for b = oldest, current do counts[b] = tonumber(got[b - oldest + 1]) or 0 end",
      "local before = counts[current]",
      "local base = prefixes[current]",
      "local expireAt = (current + 1) * span + window",
      "local byte = string.byte",
      "local function hash(fp)",
      "  local a, b, c, d = byte(fp, 1, 4)",
      "  return ((a * 256 + b) * 256 + c) * 256 + d",
      "end",
      // A shard's number (or a count) as Lua itself would write it, but without Lua's number
      // formatting (sprintf of a double, which cost a lookup more than the rest of its key): one
      // string.char of the digits.
      "local char = string.char",
      "local function decimal(s)",
      "  if s < 10 then return char(48 + s) end",
      "  local u = s % 10",
      "  if s < 100 then return char(48 + (s - u) / 10, 48 + u) end",
      "  if s < 1000 then",
      "    local t = (s - u) / 10 % 10",
      "    return char(48 + (s - s % 100) / 100, 48 + t, 48 + u)",
      "  end",
      "  return tostring(s)",
      "end",
      // Linear hashing: n fingerprints make 1 + n / LOAD shards; the first ones are already split.
      // Each live bucket's shards and the power of two below them, worked out once per call (the
      // current bucket's follow its count as it grows, see remember).
      "local shardsOf, levelOf = {}, {}",
      "for b = oldest, current do",
      "  local shards, level = 1 + math.floor(counts[b] / LOAD), 1",
      "  while level * 2 <= shards do level = level * 2 end",
      "  shardsOf[b], levelOf[b] = shards, level",
      "end",
      "local function shard(h, b)",
      "  local level = levelOf[b]",
      "  local s = h % level",
      "  if s < shardsOf[b] - level then s = h % (level * 2) end",
      "  return s",
      "end",
      // The shard of the current bucket a fingerprint belongs to: looked up first, and written to
      // when the fingerprint is new (the key is made once per fingerprint).
      "local function currentShard(h)",
      "  return base .. decimal(shard(h, current))",
      "end",
      "local function find(fp, h, key)",
      "  if counts[current] > 0 then",
      "    local v = call('HGET', key, fp)",
      "    if v then return v end",
      "  end",
      "  for b = current - 1, oldest, -1 do",
      "    if counts[b] > 0 then",
      "      local v = call('HGET', prefixes[b] .. decimal(shard(h, b)), fp)",
      "      if v then return v end",
      "    end",
      "  end",
      "  return false",
      "end",
      // Shard 'old' of the current bucket is made from half of shard 'old - level': a copy of the
      // whole shard (COPY keeps its expiry) less the fields that stay, which then leave the old one.
      // Only the field names cross into Lua, not the values. When shard 'old' is already there (it
      // outlived its bucket's count, which only an eviction takes) or the old shard is gone, the
      // moved fields are merged into it instead, and it gets the bucket's expiry like any new shard.
      "local function split(old)",
      "  local level, k = 1, 0",
      "  while level * 2 <= old do level, k = level * 2, k + 1 end",
      "  local from = base .. decimal(old - level)",
      "  local to = base .. decimal(old)",
      "  local names = call('HKEYS', from)",
      // A field moves when bit k of its hash is set (hash(f) % (2 * level) >= level): read from the
      // one byte of the fingerprint that holds that bit, rather than hashing every name.
      "  local at = 4 - (k - k % 8) / 8",
      "  local bit = 2 ^ (k % 8)",
      "  local moved, kept = {}, {}",
      "  for j = 1, #names do",
      "    local f = names[j]",
      "    if f ~= '' then",
      "      if byte(f, at) % (bit * 2) >= bit then moved[#moved + 1] = f else kept[#kept + 1] = f end",
      "    end",
      "  end",
      "  if call('COPY', from, to) == 1 then",
      "    if #kept > 0 then call('HDEL', to, unpack(kept)) end",
      "  else",
      "    local merged = {'', ''}",
      "    if #moved > 0 then",
      "      local values = call('HMGET', from, unpack(moved))",
      "      for j = 1, #moved do",
      "        merged[2 * j + 1] = moved[j]",
      "        merged[2 * j + 2] = values[j]",
      "      end",
      "    end",
      "    call('HSET', to, unpack(merged))",
      "    call('PEXPIREAT', to, expireAt)",
      "  end",
      "  if #moved > 0 then call('HDEL', from, unpack(moved)) end",
      "end",
      // key: currentShard(hash(fp)), made before anything was remembered in this call's turn for fp.
      "local function remember(key, fp, value)",
      "  local n = counts[current]",
      "  if n == 0 then",
      "    call('HSET', key, '', '', fp, value)",
      "    call('PEXPIREAT', key, expireAt)",
      "  else",
      "    call('HSET', key, fp, value)",
      "  end",
      "  n = n + 1",
      "  counts[current] = n",
      "  if n % LOAD == 0 then",
      "    local shards = shardsOf[current] + 1",
      "    shardsOf[current] = shards",
      "    if levelOf[current] * 2 <= shards then levelOf[current] = levelOf[current] * 2 end",
      "    split(n / LOAD)",
      "  end",
      "end",
      "local function count()",
      "  if counts[current] > before then",
      "    call('INCRBY', base .. 'n', decimal(counts[current] - before))",
      "    if before == 0 then call('PEXPIREAT', base .. 'n', expireAt) end",
      "  end",
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
   */
  static final String SOURCE = String.join("\n",
      INDEX,
      "local stream, last = KEYS[1], #argv",
      "local out, b, i = {}, 3, 0",
      "while b < last do",
      "  local fp = argv[b + 4]",
      "  local verdict = argv[b + 1]",
      // Only a notification with a verdict carries the last two values.
      "  local size = verdict == '' and " + VALUES + " or " + VALUES_WITH_VERDICT,
      "  local h = hash(fp)",
      "  local key = currentShard(h)",
      "  local first = find(fp, h, key)",
      "  if first then",
      "    out[i + 1], out[i + 2] = 0, first",
      "  else",
      "    if verdict ~= '' and argv[b + 8] ~= '' and now > tonumber(argv[b + 8]) then verdict = argv[b + 9] end",
      // Two spelled-out calls rather than a table and unpack: this runs once per notification.
      "    local remembered",
      "    if verdict == '' then",
      "      remembered = call('XADD', stream, 'MINID', '~', argv[3], '*',",
      "        " + fields("argv[b + 2]", "argv[b + 3]", "argv[b + 5]", "argv[b + 6]") + ",",
      "        '" + EntryFields.NOTIFICATION + "', argv[b + 7])",
      "    else",
      "      remembered = call('XADD', stream, 'MINID', '~', argv[3], '*',",
      "        " + fields("argv[b + 2]", "argv[b + 3]", "argv[b + 5]", "argv[b + 6]") + ",",
      "        '" + EntryFields.VERDICT + "', verdict, '" + EntryFields.NOTIFICATION + "', argv[b + 7])",
      "        .. ' ' .. verdict",
      "    end",
      "    remember(key, fp, remembered)",
      "    out[i + 1], out[i + 2] = 1, remembered",
      "  end",
      "  b, i = b + size, i + 2",
      "end",
      "count()",
      "return out");

  static final String SHA1 = sha1(SOURCE);

  /**
   * What is remembered for one fingerprint (ARGV[3], as in {@link #SOURCE}; '' when nothing), and
   * Redis's clock (seconds, microseconds): asked before a blocking event is decided, so a copy is
   * answered without asking the approver, and the store's deadline can be set on Redis's clock.
   * Keys and the first two ARGV as in {@link #SOURCE}.
   */
  static final String LOOKUP = String.join("\n",
      INDEX,
      "local h = hash(argv[3])",
      "return {find(argv[3], h, currentShard(h)) or '', clock[1], clock[2]}");

  static final String LOOKUP_SHA1 = sha1(LOOKUP);

  private StoreScript() {
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
