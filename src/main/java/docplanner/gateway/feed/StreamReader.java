package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/** The non-blocking stream reads of a feed instance: history pages and resume-point checks. */
final class StreamReader implements History {

  private final RedisLink link;
  private final String key;

  StreamReader(RedisLink link, String key) {
    this.link = link;
    this.key = key;
  }

  @Override
  public Future<List<StreamEntry>> after(StreamId after, int count) {
    String start = StreamId.ZERO.equals(after) ? "-" : "(" + after;
    return link.send(Request.cmd(Command.XRANGE).arg(key).arg(start).arg("+").arg("COUNT").arg(count))
        .map(StreamReader::entries);
  }

  /**
   * Whether {@code id} is still in the stream, and the oldest id retained (null when empty), in one
   * round trip. A null {@code id} (unparseable) never exists.
   */
  @Override
  public Future<ResumePoint> resumePoint(StreamId id) {
    Request oldestEntry = Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+").arg("COUNT").arg(1);
    if (id == null) {
      return link.send(oldestEntry).map(reply -> new ResumePoint(false, firstId(entries(reply))));
    }
    return link.batch(List.of(
            Request.cmd(Command.XRANGE).arg(key).arg(id.toString()).arg(id.toString()).arg("COUNT").arg(1),
            oldestEntry))
        .map(replies -> new ResumePoint(!entries(replies.get(0)).isEmpty(), firstId(entries(replies.get(1)))));
  }

  private static String firstId(List<StreamEntry> entries) {
    return entries.isEmpty() ? null : entries.get(0).idText();
  }

  /** The id of the newest entry, {@link StreamId#ZERO} when the stream is empty or absent. */
  @Override
  public Future<StreamId> newest() {
    return link.send(Request.cmd(Command.XREVRANGE).arg(key).arg("+").arg("-").arg("COUNT").arg(1))
        .map(reply -> {
          List<StreamEntry> last = entries(reply);
          return last.isEmpty() ? StreamId.ZERO : last.get(0).id();
        });
  }

  static List<StreamEntry> entries(Response reply) {
    if (reply == null || reply.size() == 0) {
      return List.of();
    }
    List<StreamEntry> out = new ArrayList<>(reply.size());
    for (Response entry : reply) {
      out.add(StreamEntry.from(entry));
    }
    return out;
  }

  /** Whether a requested resume id exists, and the oldest id that does. */
  record ResumePoint(boolean exists, String oldest) {
  }
}
