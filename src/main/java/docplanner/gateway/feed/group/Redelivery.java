package docplanner.gateway.feed.group;

import docplanner.gateway.feed.StreamEntry;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One redelivery sweep of a group: the entries pending longer than the visibility timeout are
 * claimed ({@code XAUTOCLAIM}) for a live consumer of this replica, with their delivery count
 * raised; those already delivered {@code max-deliveries} times go to the dead letters instead.
 *
 * <p>First, in one round trip, {@code XPENDING} says how many entries the group has pending (the
 * metric) and which are past the timeout, with their owner and count. Nothing past it (the usual
 * case): done. Otherwise {@code XAUTOCLAIM} from the oldest of them; it claims an entry only while
 * it is still idle that long, so when two replicas sweep at once each entry goes to one of them.
 * It also names pending entries whose stream entry was trimmed, which are reported and dropped.
 */
final class Redelivery {

  private final RedisLink link;
  private final GroupReader reader;
  private final DeadLetters deadLetters;
  private final long visibilityMs;
  private final int maxDeliveries;

  Redelivery(RedisLink link, GroupReader reader, DeadLetters deadLetters, long visibilityMs, int maxDeliveries) {
    this.link = link;
    this.reader = reader;
    this.deadLetters = deadLetters;
    this.visibilityMs = visibilityMs;
    this.maxDeliveries = maxDeliveries;
  }

  /** An entry to deliver again, and how often it will then have been delivered. */
  record Again(StreamEntry entry, int deliveries) {
  }

  /** What a sweep found: the group's pending count, entries to deliver, dead-lettered and trimmed ones. */
  record Sweep(long pending, List<Again> again, int deadLettered, List<String> lost, boolean more) {
  }

  /** @param count at most this many entries are claimed (the target's credit) */
  Future<Sweep> sweep(String group, String target, int count) {
    String key = reader.key();
    Future<Response> summary = link.send(Request.cmd(Command.XPENDING).arg(key).arg(group));
    Future<Response> idle = link.send(Request.cmd(Command.XPENDING).arg(key).arg(group)
        .arg("IDLE").arg(visibilityMs).arg("-").arg("+").arg(count));
    return Future.all(summary, idle).compose(both -> {
      long pending = summary.result() == null || summary.result().size() == 0 ? 0 : summary.result().get(0).toLong();
      List<GroupReader.Pending> due = GroupReader.Pending.list(idle.result());
      if (due.isEmpty()) {
        return Future.succeededFuture(new Sweep(pending, List.of(), 0, List.of(), false));
      }
      Map<String, GroupReader.Pending> byId = new HashMap<>();
      due.forEach(p -> byId.put(p.id(), p));
      return link.send(Request.cmd(Command.XAUTOCLAIM).arg(key).arg(group).arg(target).arg(visibilityMs)
              .arg(due.get(0).id()).arg("COUNT").arg(count))
          .compose(reply -> claimed(group, pending, byId, reply, due.size() == count));
    });
  }

  /** XAUTOCLAIM's reply: {@code [next cursor, [entry, ...], [deleted id, ...]]}. */
  private Future<Sweep> claimed(String group, long pending, Map<String, GroupReader.Pending> due, Response reply,
                                boolean more) {
    GroupReader.Read read = GroupReader.entries(reply.get(1));
    List<String> lost = new ArrayList<>(read.lost());
    if (reply.size() > 2 && reply.get(2) != null) {
      for (Response id : reply.get(2)) {
        lost.add(id.toString());
      }
    }
    // Entries that became due between the two calls have no count yet: ask for theirs.
    List<String> unknown = new ArrayList<>();
    for (StreamEntry entry : read.entries()) {
      if (!due.containsKey(entry.idText())) {
        unknown.add(entry.idText());
      }
    }
    return reader.deliveryCounts(group, unknown).compose(counts -> {
      List<Again> again = new ArrayList<>();
      List<DeadLetters.Dead> dead = new ArrayList<>();
      for (StreamEntry entry : read.entries()) {
        GroupReader.Pending before = due.get(entry.idText());
        int deliveries = before != null ? before.deliveries() + 1 : counts.getOrDefault(entry.idText(), 1);
        if (deliveries > maxDeliveries) {
          dead.add(new DeadLetters.Dead(entry, deliveries - 1, before != null ? before.consumer() : ""));
        } else {
          again.add(new Again(entry, deliveries));
        }
      }
      return deadLetters.move(group, dead).map(moved -> new Sweep(pending, again, dead.size(), lost, more));
    });
  }
}
