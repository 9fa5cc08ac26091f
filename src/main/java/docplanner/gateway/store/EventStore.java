package docplanner.gateway.store;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Source;
import docplanner.gateway.event.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Appends notifications to the stream, once per fingerprint within the dedupe window, in exactly
 * one Redis round trip (the {@link StoreScript}). A success means Redis has the entry: only then
 * may a push be acknowledged.
 *
 * <p>Appends made during one event-loop turn travel together: at the end of the turn they go to
 * Redis as one script call (up to {@link #MAX_PER_CALL}), which costs Redis far less than one call
 * each, adds no timer and no wait beyond the turn, and keeps every push to a single round trip.
 * Owned by one event loop (its {@link RedisLink} is); created on it.
 */
public final class EventStore {

  static final int MAX_PER_CALL = 64;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] PUSH = Source.PUSH.wire().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PULL = Source.PULL.wire().getBytes(StandardCharsets.US_ASCII);

  private final RedisLink link;
  private final Context context;
  private final String streamKey;
  private final byte[] streamKeyBytes;
  private final byte[] indexPrefix;
  private final long dedupeWindowMs;
  private final long bucketSpanMs;
  private final long retentionMs;
  private final ReplicaAcks acks;
  private final String fenceKey;
  private List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  /** One notification waiting for the end of the turn. */
  private record Pending(Notification notification, Source source, String remembered, String notAfter, String late,
                         Promise<Stored> promise) {
  }

  /**
   * What Redis remembers of a fingerprint, and its clock when asked.
   *
   * @param stored      the first copy's outcome (a duplicate, with its verdict), or null when new
   * @param redisMillis Redis's clock (ms) when it answered
   */
  public record Seen(Stored stored, long redisMillis) {
  }

  public EventStore(RedisLink link, StreamSettings settings) {
    this(link, settings, ReplicaAcks.OFF);
  }

  /** @param acks replicas that must confirm a store before it counts (redis.min-replicas-acks) */
  public EventStore(RedisLink link, StreamSettings settings, ReplicaAcks acks) {
    this.link = link;
    this.acks = acks;
    this.fenceKey = StreamKeys.of(settings.key()).replicationFence();
    this.context = Vertx.currentContext();
    this.streamKey = settings.key();
    this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
    this.indexPrefix = StreamKeys.of(streamKey).dedupe().getBytes(StandardCharsets.UTF_8);
    this.dedupeWindowMs = settings.dedupeWindow().toMillis();
    this.bucketSpanMs = DedupeIndex.spanMillis(settings.dedupeWindow());
    this.retentionMs = settings.retention().toMillis();
  }

  /** Loads the scripts on a new connection, so that the first push after a Redis restart is one round trip too. */
  public static Future<?> prepare(io.vertx.redis.client.RedisConnection connection) {
    return Future.all(connection.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(StoreScript.SOURCE)),
        connection.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(StoreScript.LOOKUP)));
  }

  /**
   * Stores {@code notification} unless its fingerprint was seen within the window.
   *
   * @param verdict the answer given to a blocking event, or null
   */
  public Future<Stored> append(Notification notification, Source source, Verdict verdict) {
    return append(notification, source, verdict, 0, null);
  }

  /**
   * Stores a blocking event with its verdict, unless Redis runs the append only after
   * {@code notAfterMillis} (its own clock): the push has then been answered 503, a refusal, so
   * {@code late} is stored instead. The feed then never shows a verdict Docplanner was not given.
   */
  public Future<Stored> append(Notification notification, Source source, Verdict verdict, long notAfterMillis,
                               Verdict late) {
    Promise<Stored> promise = Promise.promise();
    pending.add(new Pending(notification, source, verdict == null ? "" : verdict.encode(),
        late == null ? "" : Long.toString(notAfterMillis), late == null ? "" : late.encode(), promise));
    if (context == null) {
      flush(); // not on an event loop (a test): no turn to wait for
    } else if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
    return promise.future();
  }

  /**
   * Stores a batch (a pulled one) in order, each notification deduplicated exactly as by
   * {@link #append}, in one round trip. Fails as a whole when any one fails; storing the same batch
   * again is then safe, since what did get stored comes back as duplicates.
   */
  public Future<List<Stored>> appendAll(List<Notification> notifications, Source source) {
    List<Future<Stored>> each = new ArrayList<>(notifications.size());
    for (Notification notification : notifications) {
      each.add(append(notification, source, null));
    }
    return Future.all(each).map(all -> {
      List<Stored> out = new ArrayList<>(each.size());
      for (Future<Stored> one : each) {
        out.add(one.result());
      }
      return out;
    });
  }

  private void flush() {
    flushScheduled = false;
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += MAX_PER_CALL) {
      List<Pending> call = batch.subList(from, Math.min(batch.size(), from + MAX_PER_CALL));
      send(call);
    }
  }

  private void send(List<Pending> call) {
    // With min-replicas-acks, the confirmation travels in the same write as the script (ReplicaAcks).
    evaluate(StoreScript.SHA1, StoreScript.SOURCE, script -> request(script, call), r -> acks.send(link, r, fenceKey))
        .onComplete(ar -> {
          for (int i = 0; i < call.size(); i++) {
            Promise<Stored> promise = call.get(i).promise();
            if (ar.succeeded()) {
              promise.tryComplete(stored(ar.result(), i));
            } else {
              promise.tryFail(ar.cause());
            }
          }
        });
  }

  /**
   * Runs a script by its SHA-1, and by its source when Redis does not know it (restarted or
   * flushed since this connection loaded it). {@code request} gets EVALSHA or EVAL with the script.
   */
  private Future<Response> evaluate(String sha1, String source, Function<Request, Request> request,
                                    Function<Request, Future<Response>> send) {
    return send.apply(request.apply(Request.cmd(Command.EVALSHA).arg(sha1)))
        .recover(error -> isNoScript(error)
            ? send.apply(request.apply(Request.cmd(Command.EVAL).arg(source)))
            : Future.failedFuture(error));
  }

  /** KEYS and the ARGV every script call starts with (see {@link StoreScript#SOURCE}). */
  private Request index(Request script) {
    return script.arg(2).arg(streamKeyBytes).arg(indexPrefix).arg(dedupeWindowMs).arg(bucketSpanMs);
  }

  private Request request(Request script, List<Pending> call) {
    long minId = Math.max(0, System.currentTimeMillis() - retentionMs);
    Request request = index(script).arg(minId);
    for (Pending p : call) {
      Notification n = p.notification();
      request.arg(p.remembered().isEmpty() ? EMPTY : p.remembered().getBytes(StandardCharsets.UTF_8))
          .arg(n.name())
          .arg(p.source() == Source.PULL ? PULL : PUSH)
          .arg(DedupeIndex.key(n.fingerprint()))
          .arg(n.facilityId())
          .arg(n.doctorId())
          .arg(n.body());
      if (!p.remembered().isEmpty()) { // a verdict's deadline, and what is stored after it (StoreScript#SOURCE)
        request.arg(p.notAfter()).arg(p.late());
      }
    }
    return request;
  }

  /** What Redis remembers of {@code fingerprint} (one round trip, not batched: it precedes a decision). */
  public Future<Seen> lookup(String fingerprint) {
    return evaluate(StoreScript.LOOKUP_SHA1, StoreScript.LOOKUP,
        script -> index(script).arg(DedupeIndex.key(fingerprint)), link::send)
        .map(reply -> {
          String remembered = reply.get(0).toString();
          long millis = reply.get(1).toLong() * 1000 + reply.get(2).toLong() / 1000;
          return new Seen(remembered.isEmpty() ? null : remembered(remembered, false), millis);
        });
  }

  private static boolean isNoScript(Throwable error) {
    String message = error.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  /** The {@code i}th notification's two values in the script's flat reply (see {@link StoreScript#SOURCE}). */
  private static Stored stored(Response reply, int i) {
    return remembered(reply.get(2 * i + 1).toString(), reply.get(2 * i).toInteger() == 1);
  }

  /** A dedupe key's value: the stream id, then a space and the verdict if any. */
  private static Stored remembered(String remembered, boolean fresh) {
    int space = remembered.indexOf(' ');
    if (space < 0) {
      return new Stored(remembered, !fresh, null);
    }
    return new Stored(remembered.substring(0, space), !fresh, Verdict.decode(remembered.substring(space + 1)));
  }

  public String streamKey() {
    return streamKey;
  }
}
