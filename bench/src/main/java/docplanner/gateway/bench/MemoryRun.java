package docplanner.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory case (issue 13): pushes N unique slot-booked notifications through the gateway into
 * a fresh Redis and tells the Redis bytes each stored event costs, for the stream and for the
 * dedupe index apart. Prints one {@code BENCH case=memory ...} line.
 *
 * <p>Nothing here knows how the gateway lays its keys out, so the figures stay right when the
 * dedupe index changes shape (other key names, hash tags, bucketed hashes):
 * <ul>
 *   <li>the stream is the one key of type stream;</li>
 *   <li>stream bytes: what {@code used_memory} (INFO memory, the allocator's own count) drops by
 *       when the stream is deleted at the end;</li>
 *   <li>dedupe index bytes: what {@code used_memory} grew by over the pushes and did not give back
 *       with the stream: every other key, with the growth of the main and expires hash tables that
 *       no per-key figure shows.</li>
 * </ul>
 * Beside them, as a check, {@code MEMORY USAGE ... SAMPLES 0} of the stream and of every other new
 * key, summed (Redis's estimate per key: it leaves out the expires table and the hash tables' own
 * arrays, and rounds allocations its own way). The Redis is the bench's own: deleting its stream is
 * part of the measurement.
 *
 * <pre>--push URL --redis URL --events N [--connections 16]</pre>
 */
public final class MemoryRun {

  private MemoryRun() {
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    URI push = URI.create(args.string("push"));
    int events = args.integer("events", 100_000);
    int connections = args.integer("connections", 16);
    Vertx vertx = Vertx.vertx();
    RedisConnection redis = await(Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(args.string("redis"))
        .setPreferredProtocolVersion(ProtocolVersion.RESP2)).connect());

    // bench/run gives a fresh Redis; should the gateway create its stream before the first push,
    // what it held then is subtracted.
    Set<String> before = keys(redis, null);
    Map<String, long[]> streamsBefore = new HashMap<>();
    for (String key : keys(redis, "stream")) {
      streamsBefore.put(key, new long[] {xlen(redis, key), memoryUsage(redis, List.of(key))});
    }
    long used0 = usedMemory(redis);
    Pushes pushes = push(push, events, connections);
    long used1 = usedMemory(redis);

    List<String> streams = new ArrayList<>(keys(redis, "stream"));
    if (streams.size() != 1) {
      throw new IllegalStateException("expected one stream in this Redis, found " + streams);
    }
    String stream = streams.get(0);
    long[] was = streamsBefore.getOrDefault(stream, new long[2]);
    long stored = xlen(redis, stream) - was[0];
    long streamUsage = memoryUsage(redis, List.of(stream)) - was[1];
    Set<String> index = keys(redis, null);
    index.removeAll(before);
    index.remove(stream);
    long indexKeysBytes = memoryUsage(redis, new ArrayList<>(index));
    // DEL frees synchronously (lazyfree-lazy-user-del is off by default), so the drop is the stream.
    await(redis.send(Request.cmd(Command.DEL).arg(stream)));
    long used2 = usedMemory(redis);
    long streamFreed = used1 - used2;
    long indexBytes = used2 - used0;

    double per = Math.max(1, stored);
    double body = pushes.bodyBytes / (double) Math.max(1, pushes.accepted);
    System.out.println(String.format(Locale.ROOT,
        "BENCH case=memory target=gateway events=%d accepted=%d refused=%d stored=%d body_bytes_avg=%.0f"
            + " stream_bytes_per_event=%.0f index_bytes_per_event=%.0f total_bytes_per_event=%.0f"
            + " stream_usage_per_event=%.0f index_keys=%d index_keys_usage_per_event=%.0f stream_vs_body=%.2f"
            + " used_memory_delta=%d stream_freed=%d push_rps=%.0f stream_key=%s",
        events, pushes.accepted, pushes.refused, stored, body, streamFreed / per, indexBytes / per,
        (used1 - used0) / per, streamUsage / per, index.size(), indexKeysBytes / per, streamFreed / per / body,
        used1 - used0, streamFreed, pushes.accepted / pushes.seconds, stream));
    if (pushes.firstRefusal != null) {
      System.err.println("memory: first refused push: " + pushes.firstRefusal);
    }
    System.exit(0);
  }

  private record Pushes(long accepted, long refused, long bodyBytes, double seconds, String firstRefusal) {
  }

  /** Pushes bodies 0..events-1 of one series over {@code connections} keep-alive connections, as fast as answered. */
  private static Pushes push(URI target, int events, int connections) throws InterruptedException {
    SlotBookedBodies bodies = SlotBookedBodies.load();
    String series = "mem-" + System.currentTimeMillis();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    String[] firstRefusal = new String[1];
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int first = c;
      Thread t = new Thread(() -> {
        JsonPoster poster = null;
        for (long n = first; n < events; n += connections) {
          byte[] body = bodies.body(series, n, "");
          try {
            if (poster == null) {
              poster = new JsonPoster(target);
            }
            int status = poster.post(body);
            if (status / 100 == 2) {
              accepted.incrementAndGet();
              bytes.addAndGet(body.length);
              continue;
            }
            refusal(firstRefusal, "HTTP " + status);
          } catch (IOException e) {
            refusal(firstRefusal, e.toString());
            JsonPoster.close(poster);
            poster = null;
          }
          refused.incrementAndGet();
        }
        JsonPoster.close(poster);
      }, "memory-push-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Pushes(accepted.get(), refused.get(), bytes.get(), (System.nanoTime() - t0) / 1e9, firstRefusal[0]);
  }

  private static void refusal(String[] first, String why) {
    synchronized (first) {
      if (first[0] == null) {
        first[0] = why;
      }
    }
  }

  /** Every key (of {@code type}, when not null), by SCAN. */
  private static Set<String> keys(RedisConnection redis, String type) throws Exception {
    Set<String> keys = new HashSet<>();
    String cursor = "0";
    do {
      Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("COUNT").arg(1000);
      if (type != null) {
        scan.arg("TYPE").arg(type);
      }
      Response reply = await(redis.send(scan));
      cursor = reply.get(0).toString();
      for (Response key : reply.get(1)) {
        keys.add(key.toString());
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  /** Summed {@code MEMORY USAGE key SAMPLES 0} (exact, every element counted), pipelined 1,000 at a time. */
  private static long memoryUsage(RedisConnection redis, List<String> keys) throws Exception {
    long total = 0;
    for (int from = 0; from < keys.size(); from += 1_000) {
      List<Request> batch = new ArrayList<>();
      for (String key : keys.subList(from, Math.min(keys.size(), from + 1_000))) {
        batch.add(Request.cmd(Command.MEMORY).arg("USAGE").arg(key).arg("SAMPLES").arg(0));
      }
      for (Response usage : await(redis.batch(batch))) {
        total += usage == null ? 0 : usage.toLong();
      }
    }
    return total;
  }

  private static long xlen(RedisConnection redis, String stream) throws Exception {
    return await(redis.send(Request.cmd(Command.XLEN).arg(stream))).toLong();
  }

  private static long usedMemory(RedisConnection redis) throws Exception {
    for (String line : await(redis.send(Request.cmd(Command.INFO).arg("memory"))).toString().split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
