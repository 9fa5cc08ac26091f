package docplanner.gateway.feed.group;

import docplanner.gateway.feed.StreamEntry;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reads of a group on the stream, all non-blocking ({@code XREADGROUP} without {@code BLOCK}):
 * a feed instance issues one when the process's stream reader hands it new entries, so no
 * connection is held per consumer or per group (see {@link GroupDispatcher}).
 */
final class GroupReader {

  private final RedisLink link;
  private final String key;

  GroupReader(RedisLink link, String key) {
    this.link = link;
    this.key = key;
  }

  String key() {
    return key;
  }

  /** What one read gave: the entries, and the pending ids whose entries were trimmed meanwhile. */
  record Read(List<StreamEntry> entries, List<String> lost, String lastId) {
    static final Read EMPTY = new Read(List.of(), List.of(), null);

    int size() {
      return entries.size() + lost.size();
    }
  }

  /** {@code XGROUP CREATE ... MKSTREAM}; an existing group is left as it is (and its start ignored). */
  Future<Void> create(String group, String start) {
    return link.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(key).arg(group).arg(start).arg("MKSTREAM"))
        .<Void>mapEmpty()
        .recover(e -> isError(e, "BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Entries never delivered to the group, now owned by {@code consumer} (delivery count 1). */
  Future<Read> readNew(String group, String consumer, int count) {
    return read(group, consumer, count, ">");
  }

  /** {@code consumer}'s own pending entries after {@code after} (Redis counts this as a delivery). */
  Future<Read> readPending(String group, String consumer, String after, int count) {
    return read(group, consumer, count, after);
  }

  private Future<Read> read(String group, String consumer, int count, String from) {
    return link.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer)
            .arg("COUNT").arg(count).arg("STREAMS").arg(key).arg(from))
        // RESP2: [[key, [entry, ...]]], or null when there is nothing.
        .map(reply -> reply == null || reply.size() == 0 ? Read.EMPTY : entries(reply.get(0).get(1)));
  }

  /** Entries as XREADGROUP and XCLAIM return them; a pending entry since trimmed comes as {@code [id, nil]}. */
  static Read entries(Response list) {
    if (list == null || list.size() == 0) {
      return Read.EMPTY;
    }
    List<StreamEntry> entries = new ArrayList<>(list.size());
    List<String> lost = new ArrayList<>();
    String last = null;
    for (Response entry : list) {
      if (entry == null) {
        continue;
      }
      last = entry.get(0).toString();
      if (entry.get(1) == null) {
        lost.add(last);
      } else {
        entries.add(StreamEntry.from(entry));
      }
    }
    return new Read(entries, lost, last);
  }

  /**
   * How often each entry has been delivered (its pending entry's counter), one {@code XPENDING}
   * per id, pipelined: one round trip. Ids no longer pending are left out.
   */
  Future<Map<String, Integer>> deliveryCounts(String group, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Future<Response>> replies = new ArrayList<>(ids.size());
    for (String id : ids) {
      replies.add(link.send(Request.cmd(Command.XPENDING).arg(key).arg(group).arg(id).arg(id).arg(1)));
    }
    return Future.all(replies).map(all -> {
      Map<String, Integer> counts = new HashMap<>();
      for (Future<Response> reply : replies) {
        for (Pending pending : Pending.list(reply.result())) {
          counts.put(pending.id(), pending.deliveries());
        }
      }
      return counts;
    });
  }

  /** The ids pending for {@code consumer} (at most {@code count}). */
  Future<java.util.Set<String>> pendingOf(String group, String consumer, int count) {
    return link.send(Request.cmd(Command.XPENDING).arg(key).arg(group).arg("-").arg("+").arg(count).arg(consumer))
        .map(reply -> {
          java.util.Set<String> ids = new java.util.HashSet<>();
          Pending.list(reply).forEach(p -> ids.add(p.id()));
          return ids;
        });
  }

  /** Whether {@code failure} is a Redis error reply of this kind (NOGROUP, BUSYGROUP). */
  static boolean isError(Throwable failure, String kind) {
    return failure instanceof ErrorType error && error.is(kind);
  }

  /** One entry of an extended XPENDING reply: id, owner, idle time, delivery count. */
  record Pending(String id, String consumer, long idleMs, int deliveries) {
    static List<Pending> list(Response reply) {
      if (reply == null || reply.size() == 0) {
        return List.of();
      }
      List<Pending> out = new ArrayList<>(reply.size());
      for (Response row : reply) {
        out.add(new Pending(row.get(0).toString(), row.get(1).toString(), row.get(2).toLong(), row.get(3).toInteger()));
      }
      return out;
    }
  }
}
