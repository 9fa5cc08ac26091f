package docplanner.gateway.store;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.event.Notification;
import docplanner.gateway.event.Source;
import docplanner.gateway.event.Verdict;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends notifications to the stream, once per fingerprint within the dedupe window, in exactly
 * one Redis round trip (the {@link StoreScript}). A success means Redis has the entry: only then
 * may a push be acknowledged. Owned by one event loop (its {@link RedisLink} is).
 */
public final class EventStore {

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] PUSH = Source.PUSH.wire().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PULL = Source.PULL.wire().getBytes(StandardCharsets.US_ASCII);

  private final RedisLink link;
  private final String streamKey;
  private final byte[] streamKeyBytes;
  private final String dedupePrefix;
  private final long dedupeWindowMs;
  private final long retentionMs;

  public EventStore(RedisLink link, StreamSettings settings) {
    this.link = link;
    this.streamKey = settings.key();
    this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
    this.dedupePrefix = dedupePrefix(settings.key());
    this.dedupeWindowMs = settings.dedupeWindow().toMillis();
    this.retentionMs = settings.retention().toMillis();
  }

  /** Where fingerprints are remembered: {@code <stream.key>:seen:<fingerprint>}. */
  public static String dedupePrefix(String streamKey) {
    return streamKey + ":seen:";
  }

  /** Loads the script on a new connection, so that the first push after a Redis restart is one round trip too. */
  public static Future<?> prepare(io.vertx.redis.client.RedisConnection connection) {
    return connection.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(StoreScript.SOURCE));
  }

  /**
   * Stores {@code notification} unless its fingerprint was seen within the window.
   *
   * @param verdict the answer given to a blocking event, or null
   */
  public Future<Stored> append(Notification notification, Source source, Verdict verdict) {
    String remembered = verdict == null ? "" : verdict.encode();
    return link.send(request(Command.EVALSHA, StoreScript.SHA1, notification, source, remembered))
        .recover(error -> isNoScript(error)
            // Redis restarted or was flushed since this connection loaded the script.
            ? link.send(request(Command.EVAL, StoreScript.SOURCE, notification, source, remembered))
            : Future.failedFuture(error))
        .map(EventStore::stored);
  }

  /**
   * Stores a batch (a pulled one) in order, each notification deduplicated exactly as by
   * {@link #append}, in one pipelined round trip. Fails as a whole when any one fails; storing the
   * same batch again is then safe, since what did get stored comes back as duplicates.
   */
  public Future<List<Stored>> appendAll(List<Notification> notifications, Source source) {
    if (notifications.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return link.batch(requests(Command.EVALSHA, StoreScript.SHA1, notifications, source))
        .recover(error -> error.getMessage() != null && error.getMessage().contains("NOSCRIPT")
            ? link.batch(requests(Command.EVAL, StoreScript.SOURCE, notifications, source))
            : Future.failedFuture(error))
        .map(replies -> {
          List<Stored> out = new ArrayList<>(replies.size());
          for (Response reply : replies) {
            out.add(stored(reply));
          }
          return out;
        });
  }

  private List<Request> requests(Command command, String script, List<Notification> notifications, Source source) {
    List<Request> out = new ArrayList<>(notifications.size());
    for (Notification n : notifications) {
      out.add(request(command, script, n, source, ""));
    }
    return out;
  }

  private Request request(Command command, String script, Notification n, Source source, String remembered) {
    long minId = Math.max(0, System.currentTimeMillis() - retentionMs);
    return Request.cmd(command)
        .arg(script)
        .arg(2)
        .arg(streamKeyBytes)
        .arg(dedupePrefix + n.fingerprint())
        .arg(dedupeWindowMs)
        .arg(minId)
        .arg(remembered.isEmpty() ? EMPTY : remembered.getBytes(StandardCharsets.UTF_8))
        .arg(n.name())
        .arg(source == Source.PULL ? PULL : PUSH)
        .arg(n.fingerprint())
        .arg(n.facilityId())
        .arg(n.doctorId())
        .arg(n.body());
  }

  private static boolean isNoScript(Throwable error) {
    String message = error.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static Stored stored(Response reply) {
    boolean fresh = reply.get(0).toInteger() == 1;
    String remembered = reply.get(1).toString();
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
