package docplanner.gateway.feed.group;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * Acknowledgements: {@code XACK} (the event is done for the group) and the negative kind, which
 * makes pending entries look as old as the visibility timeout, so the next redelivery sweep of
 * any replica hands them on at once. A nack claims without counting ({@code JUSTID}): the
 * redelivery itself counts.
 */
final class GroupAcks {

  private final RedisLink link;
  private final String key;

  GroupAcks(RedisLink link, String key) {
    this.link = link;
    this.key = key;
  }

  /** How many of {@code ids} were pending and are acknowledged now (0 as well for a missing group). */
  Future<Integer> ack(String group, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Request xack = Request.cmd(Command.XACK).arg(key).arg(group);
    ids.forEach(xack::arg);
    return link.send(xack).map(Response::toInteger);
  }

  /**
   * As {@link #ack}, but a group that does not exist fails with a NOGROUP error (XACK alone answers
   * 0): XPENDING goes first, pipelined, in the same round trip.
   */
  Future<Integer> ackKnown(String group, List<String> ids) {
    Future<Response> exists = link.send(Request.cmd(Command.XPENDING).arg(key).arg(group));
    Future<Integer> acked = ack(group, ids);
    return exists.compose(ok -> acked);
  }

  /**
   * Hands {@code ids} (pending for anyone in the group) back for immediate redelivery: they are
   * claimed for {@code consumer} with their idle time set to {@code idleMs} (past the visibility
   * timeout). How many were pending; NOGROUP when the group does not exist.
   */
  Future<Integer> nack(String group, String consumer, List<String> ids, long idleMs) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Request claim = Request.cmd(Command.XCLAIM).arg(key).arg(group).arg(consumer).arg(0);
    ids.forEach(claim::arg);
    claim.arg("IDLE").arg(idleMs).arg("JUSTID");
    return link.send(claim).map(reply -> reply == null ? 0 : reply.size());
  }
}
