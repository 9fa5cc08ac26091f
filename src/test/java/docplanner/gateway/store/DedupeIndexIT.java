package docplanner.gateway.store;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Source;
import docplanner.gateway.event.StreamId;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.event.Verdict.DecidedBy;
import docplanner.gateway.support.RedisCommands;
import docplanner.gateway.support.RedisOnLoop;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bucketed dedupe index against a real Redis: copies are found among thousands of
 * fingerprints while the shards split, every shard stays a small listpack with an expiry, a copy
 * is recognised for at least the window and forgotten within two, and verdicts come back.
 */
class DedupeIndexIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final RedisOnLoop loop = new RedisOnLoop(redis);

  private static final Random RANDOM = new Random(13);

  private EventStore store(String stream, Duration window) {
    RedisLink link = loop.link(stream);
    return loop.call(() -> new EventStore(link, new StreamSettings(stream, Duration.ofDays(7), window)));
  }

  private static String stream() {
    return "test:dedupe:" + UUID.randomUUID();
  }

  private static Notification notification(int n) {
    byte[] fingerprint = new byte[32];
    RANDOM.nextBytes(fingerprint);
    return new Notification("slot-booked", "1", "2", HexFormat.of().formatHex(fingerprint),
        ("{\"name\":\"slot-booked\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static List<Notification> notifications(int count) {
    List<Notification> notifications = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      notifications.add(notification(i));
    }
    return notifications;
  }

  /** In batches, as pulls store them: each batch is one script call, and a call splits shards as it goes. */
  private static List<Stored> storeInBatches(EventStore store, List<Notification> notifications, int size) {
    List<Stored> stored = new ArrayList<>();
    for (int from = 0; from < notifications.size(); from += size) {
      List<Notification> batch = notifications.subList(from, Math.min(notifications.size(), from + size));
      stored.addAll(loop.await(() -> store.appendAll(batch, Source.PULL)));
    }
    return stored;
  }

  @Test
  void copiesAreFoundAmongThousandsOfFingerprintsAndEveryShardStaysACompactHashThatExpires() {
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    List<Notification> notifications = notifications(3_000);
    List<Stored> first = storeInBatches(store, notifications, 500);
    assertThat(first).noneMatch(Stored::duplicate);
    assertThat(first.stream().map(Stored::id).distinct()).hasSize(3_000);

    List<Stored> again = loop.await(() -> store.appendAll(notifications, Source.PULL));
    assertThat(again).allMatch(Stored::duplicate);
    assertThat(again.stream().map(Stored::id).toList()).isEqualTo(first.stream().map(Stored::id).toList());
    assertThat(redis.command("XLEN", stream)).isEqualTo("3000");
    EventStore.Seen seen = loop.await(() -> store.lookup(notifications.get(1234).fingerprint()));
    assertThat(seen.stored().id()).isEqualTo(first.get(1234).id());

    String family = DedupeIndex.family(stream, Duration.ofDays(14));
    List<?> keys = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "KEYS", family + "*");
    long remembered = 0;
    for (Object key : keys) {
      String name = (String) key;
      assertThat(Long.parseLong(redis.command("PTTL", name))).as(name).isGreaterThan(Duration.ofDays(14).toMillis());
      if (name.endsWith(":n")) {
        assertThat(redis.command("GET", name)).isEqualTo("3000");
        continue;
      }
      assertThat(redis.command("OBJECT", "ENCODING", name)).as(name).isIn("listpack", "ziplist"); // ziplist: Redis 6.2
      long fields = Long.parseLong(redis.command("HLEN", name)) - 1; // the "" every shard is born with
      assertThat(fields).as(name).isBetween(1L, 127L);
      remembered += fields;
    }
    assertThat(remembered).isEqualTo(3_000);
    assertThat(keys).hasSize(1 + 1 + 3_000 / StoreScript.SHARD_LOAD); // the count, and the shards
  }

  @Test
  void aBucketWhoseCountWasEvictedStillRemembersWhatComesAfterAndEveryShardKeepsItsExpiry() {
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    List<Notification> before = new ArrayList<>();
    List<Notification> after = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      before.add(notification(i));
      after.add(notification(1_000 + i));
    }
    loop.await(() -> store.appendAll(before, Source.PULL));
    String family = DedupeIndex.family(stream, Duration.ofDays(14));
    List<?> counts = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "KEYS", family + "*:n");
    assertThat(counts).hasSize(1);
    // What an eviction under maxmemory can do: the count goes, the shards stay. The count starts
    // again from 0, so every split now meets a shard that is already there.
    redis.command("DEL", (String) counts.get(0));

    List<Stored> first = loop.await(() -> store.appendAll(after, Source.PULL));
    assertThat(first).noneMatch(Stored::duplicate);
    List<Stored> again = loop.await(() -> store.appendAll(after, Source.PULL));
    assertThat(again).allMatch(Stored::duplicate);
    assertThat(again.stream().map(Stored::id).toList()).isEqualTo(first.stream().map(Stored::id).toList());
    for (Object key : (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "KEYS", family + "*")) {
      String name = (String) key;
      assertThat(Long.parseLong(redis.command("PTTL", name))).as(name).isGreaterThan(Duration.ofDays(14).toMillis());
      if (!name.endsWith(":n")) {
        assertThat(redis.command("HEXISTS", name, "")).as(name).isEqualTo("1");
      }
    }
  }

  @Test
  void aCopyIsACopyForAtLeastTheWindowAndIsForgottenWithinTwo() {
    String stream = stream();
    Duration window = Duration.ofMillis(3_000);
    EventStore store = store(stream, window);
    Notification notification = notification(0);
    Stored first = loop.await(() -> store.append(notification, Source.PUSH, null));
    long storedAt = Long.parseLong(first.id().substring(0, first.id().indexOf('-')));
    // Shortly before the window ends (on Redis's clock), a copy is still a copy.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> loop.await(() -> store.lookup(notification.fingerprint())).redisMillis() >= storedAt + 2_500);
    Stored copy = loop.await(() -> store.append(notification, Source.PUSH, null));
    assertThat(copy.duplicate()).isTrue();
    assertThat(copy.id()).isEqualTo(first.id());
    // Within two windows of being stored it is forgotten, and stored again.
    await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50))
        .until(() -> loop.await(() -> store.lookup(notification.fingerprint())).stored() == null);
    long forgottenAt = loop.await(() -> store.lookup(notification.fingerprint())).redisMillis();
    assertThat(forgottenAt - storedAt).isBetween(window.toMillis(), 2 * window.toMillis() + 100);
    Stored later = loop.await(() -> store.append(notification, Source.PUSH, null));
    assertThat(later.duplicate()).isFalse();
    assertThat(later.id()).isNotEqualTo(first.id());
  }

  @Test
  void aVerdictIsRememberedWithItsEntryAndOnlyThenWrittenToTheStream() {
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    Notification gated = notification(1);
    Notification plain = notification(2);
    Verdict verdict = Verdict.deny(DecidedBy.APPROVER, 409);
    Stored first = loop.await(() -> store.append(gated, Source.PUSH, verdict));
    loop.await(() -> store.append(plain, Source.PUSH, null));
    assertThat(loop.await(() -> store.lookup(gated.fingerprint())).stored())
        .isEqualTo(new Stored(first.id(), true, verdict));
    assertThat(loop.await(() -> store.append(gated, Source.PUSH, null))).isEqualTo(new Stored(first.id(), true, verdict));
    // An entry carries no fingerprint (the feed computes it), and a verdict field only when it has one.
    List<?> entries = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "XRANGE", stream, "-", "+");
    assertThat(fieldNames(entries.get(0))).containsExactly("name", "source", "facility", "doctor", "verdict", "notification");
    assertThat(fieldNames(entries.get(1))).containsExactly("name", "source", "facility", "doctor", "notification");
  }

  @Test
  void oneCallMayMixNotificationsWithAndWithoutAVerdict() {
    // Only a notification with a verdict carries its deadline and late verdict: the script reads
    // items of two sizes from one ARGV, and each reply must still be the one of its own push.
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    Verdict verdict = Verdict.deny(DecidedBy.APPROVER, 409);
    Verdict late = Verdict.deny(DecidedBy.TIMEOUT, 503); // not stored: the deadline is far away
    List<Notification> notifications = List.of(notification(1), notification(2), notification(3), notification(4));
    List<Stored> stored = loop.await(() -> Future.all( // one event-loop turn: one script call
            store.append(notifications.get(0), Source.PUSH, null),
            store.append(notifications.get(1), Source.PUSH, verdict),
            store.append(notifications.get(2), Source.PUSH, null),
            store.append(notifications.get(3), Source.PUSH, verdict, Long.MAX_VALUE, late))
        .map(all -> all.<Stored>list()));
    assertThat(stored).extracting(Stored::verdict).containsExactly(null, verdict, null, verdict);
    assertThat(redis.streamIds(stream)).isEqualTo(stored.stream().map(Stored::id).toList());
    List<?> entries = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "XRANGE", stream, "-", "+");
    assertThat(entries).extracting(DedupeIndexIT::fieldNames).extracting(List::size).containsExactly(5, 6, 5, 6);
    for (int i = 0; i < notifications.size(); i++) {
      Notification copy = notifications.get(i);
      Stored original = stored.get(i);
      assertThat(loop.await(() -> store.append(copy, Source.PUSH, null)))
          .isEqualTo(new Stored(original.id(), true, original.verdict()));
    }
  }

  @Test
  void everyFingerprintIsInTheShardTheLayoutNamesSoEveryReleaseSharesOneIndex() {
    // The layout is what replicas of different releases share during a rolling upgrade: the
    // shard of a fingerprint is fixed by the class comment of StoreScript, and a shard's key ends
    // in its number in decimal. 33,000 fingerprints make 1,032 shards: numbers of 1 to 4 digits.
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    List<Notification> notifications = notifications(33_000);
    assertThat(storeInBatches(store, notifications, 1_000)).noneMatch(Stored::duplicate);
    String family = DedupeIndex.family(stream, Duration.ofDays(14));
    Map<String, String> shardOf = new HashMap<>();
    String bucket = null;
    Response layout = loop.await(() -> loop.link("layout").send(Request.cmd(Command.EVAL).arg(
        "local out = {} for _, k in ipairs(redis.call('KEYS', ARGV[1] .. '*')) do"
            + " out[#out + 1] = {k, redis.call('TYPE', k)['ok'] == 'hash' and redis.call('HKEYS', k) or {}} end"
            + " return out").arg(0).arg(family)));
    for (Response key : layout) {
      String name = key.get(0).toString();
      if (name.endsWith(":n")) {
        bucket = name.substring(0, name.length() - 1);
        continue;
      }
      for (Response field : key.get(1)) {
        if (field.toBytes().length > 0) {
          shardOf.put(HexFormat.of().formatHex(field.toBytes()), name);
        }
      }
    }
    assertThat(bucket).isNotNull();
    assertThat(shardOf).hasSize(33_000);
    for (Notification n : notifications) {
      String fingerprint = n.fingerprint().substring(0, 2 * DedupeIndex.FINGERPRINT_BYTES);
      assertThat(shardOf.get(fingerprint)).as(fingerprint).isEqualTo(bucket + shard(fingerprint, 33_000));
    }
    assertThat(shardOf.values()).contains(bucket + "7", bucket + "42", bucket + "512", bucket + "1031");
  }

  /** The shard a fingerprint is in once its bucket holds {@code count}: linear hashing, as StoreScript's comment says. */
  private static long shard(String fingerprint, long count) {
    long hash = Long.parseLong(fingerprint.substring(0, 8), 16); // the first four bytes, big-endian
    long shards = 1 + count / StoreScript.SHARD_LOAD;
    long level = Long.highestOneBit(shards);
    long shard = hash % level;
    return shard < shards - level ? hash % (level * 2) : shard;
  }

  @Test
  void fingerprintsAreKeptToTheir16FirstBytes() {
    String stream = stream();
    EventStore store = store(stream, Duration.ofDays(14));
    Notification one = notification(1);
    String sameStart = one.fingerprint().substring(0, 32) + "0".repeat(32);
    Notification other = new Notification(one.name(), one.facilityId(), one.doctorId(), sameStart, one.body());
    Stored first = loop.await(() -> store.append(one, Source.PUSH, null));
    assertThat(loop.await(() -> store.append(other, Source.PUSH, null))).isEqualTo(new Stored(first.id(), true, null));
  }

  @Test
  void theStreamIsTrimmedToItsRetentionAsItGrows() {
    // The store trims once per call, after its appends (StoreScript#SOURCE): what is older than the
    // retention leaves, whole nodes of up to 100 entries at a time, when something new is stored.
    String stream = stream();
    RedisLink link = loop.link(stream);
    EventStore store = loop.call(() -> new EventStore(link,
        new StreamSettings(stream, Duration.ofSeconds(1), Duration.ofDays(14))));
    List<Stored> old = storeInBatches(store, notifications(250), 64);
    assertThat(xlen(stream)).isEqualTo(250);
    int[] next = {250};
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      loop.await(() -> store.append(notification(next[0]++), Source.PUSH, null));
      return xlen(stream) < 250;
    });
    List<?> first = (List<?>) RedisCommands.value("127.0.0.1", redis.port(), "XRANGE", stream, "-", "+", "COUNT", "1");
    Object firstId = ((List<?>) first.get(0)).get(0);
    assertThat(StreamId.parse(String.valueOf(firstId))).isGreaterThan(StreamId.parse(old.get(99).id()));
  }

  private static long xlen(String stream) {
    return Long.parseLong(redis.command("XLEN", stream));
  }

  private static List<Object> fieldNames(Object entry) {
    List<?> fields = (List<?>) ((List<?>) entry).get(1);
    List<Object> names = new ArrayList<>();
    for (int i = 0; i < fields.size(); i += 2) {
      names.add(fields.get(i));
    }
    return names;
  }
}
