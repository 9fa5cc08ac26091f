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
 * Which consumer gets which entries is the dispatcher's choice ({@link GroupDispatcher#sweep()}).
 *
 * <p>First, in one round trip, {@code XPENDING} says how many entries the group has pending (the
 * metric) and which are past the timeout, with their owner and count. Nothing past it (the usual
 * case): done. Otherwise {@code XAUTOCLAIM} from the oldest of them; it claims an entry only while
 * it is still idle that long, so when two replicas sweep at once each entry goes to one of them.
 * It also names pending entries whose stream entry was trimmed, which are reported and dropped.
 * The claimed entries' counts are then read again: the claim is what counts a delivery.
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

  /** The group's pending count and its entries past the visibility timeout (oldest first, with their holders). */
  record Due(long pending, List<GroupReader.Pending> entries) {
  }

  /** First round trip of a sweep: how much is pending, and up to {@code count} entries that are due. */
  Future<Due> due(String group, int count) {
    String key = reader.key();
    Future<Response> summary = link.send(Request.cmd(Command.XPENDING).arg(key).arg(group));
    Future<Response> idle = link.send(Request.cmd(Command.XPENDING).arg(key).arg(group)
        .arg("IDLE").arg(visibilityMs).arg("-").arg("+").arg(count));
    return Future.all(summary, idle).map(both -> new Due(
        summary.result() == null || summary.result().size() == 0 ? 0 : summary.result().get(0).toLong(),
        GroupReader.Pending.list(idle.result())));
  }

  /**
   * Claims {@code run} (consecutive due entries, oldest first) for {@code target}. {@code XAUTOCLAIM}
   * from the first of them with {@code COUNT} = their number takes exactly them (entries between
   * them that are not idle long enough are skipped), and only while each is still idle that long.
   */
  Future<Sweep> claim(String group, String target, long pending, List<GroupReader.Pending> run, boolean more) {
    Map<String, GroupReader.Pending> byId = new HashMap<>();
    run.forEach(p -> byId.put(p.id(), p));
    return link.send(Request.cmd(Command.XAUTOCLAIM).arg(reader.key()).arg(group).arg(target).arg(visibilityMs)
            .arg(run.get(0).id()).arg("COUNT").arg(run.size()))
        .compose(reply -> claimed(group, pending, byId, reply, more));
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
    // Each claimed entry's count as the claim left it, asked of Redis (one pipelined XPENDING per
    // entry): the count XPENDING gave before the claim can be stale. Another feed instance's sweep
    // may have claimed the entry in between and its consumer nacked it, which makes it due again at
    // once; counting from the older figure delivered it twice with the same count, once too often.
    List<String> claimed = read.entries().stream().map(StreamEntry::idText).toList();
    return reader.deliveryCounts(group, claimed).compose(counts -> {
      List<Again> again = new ArrayList<>();
      List<DeadLetters.Dead> dead = new ArrayList<>();
      for (StreamEntry entry : read.entries()) {
        GroupReader.Pending before = due.get(entry.idText());
        int deliveries = counts.getOrDefault(entry.idText(), before != null ? before.deliveries() + 1 : 1);
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
