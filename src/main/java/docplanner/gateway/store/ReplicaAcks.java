package docplanner.gateway.store;

import docplanner.gateway.config.RedisSettings;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * {@code redis.min-replicas-acks}: a store counts only once {@code replicas} replicas confirm it.
 * Redis replicates asynchronously, so a primary that dies right after answering can take the last
 * acknowledged pushes with it; a push acknowledged only after replicas have it survives the
 * failover to one of them (the sentinels promote the replica with the most data).
 *
 * <p>Why {@code WAIT} after the store rather than the server's {@code min-replicas-to-write}: the
 * server setting only refuses writes while fewer replicas are connected (and lagging less than
 * {@code min-replicas-max-lag} seconds); a write it accepts is still acknowledged before any replica
 * has it, so the loss window stays open. {@code WAIT} confirms each write. It is sent right behind
 * the store on the same connection, in the same flush, so a push still costs one round trip (plus
 * the replicas' own, which is the price: see the README). WAIT cannot run inside the script.
 *
 * <p>Fewer confirmations within the timeout fail the store: the push gets 503, although the entry
 * is on the primary. That is the safe answer: 200 would promise what a failover could undo. When
 * Docplanner retries, the copy is found by the dedupe lookup and answered 200 with the first id,
 * and that is correct only because this 200 also waits: a duplicate writes nothing, and WAIT
 * counts replicas that reached the connection's last write, which may predate the first copy
 * (stored through another connection, another replica of the gateway). So a tiny write, the
 * fence, goes between the store and WAIT: WAIT then covers everything the primary had, the first
 * copy included. Subscribers may meanwhile have seen the entry; it is in the stream, on the
 * primary, and only a failover in that moment could take it back.
 *
 * @param replicas  replicas that must confirm (0: off, nothing is added to a store)
 * @param timeoutMs how long WAIT waits for them; below the command timeout, so commands queued
 *                  behind a WAIT on the same connection still meet their deadline
 */
public record ReplicaAcks(int replicas, long timeoutMs) {

  public static final ReplicaAcks OFF = new ReplicaAcks(0, 0);

  /** How long the fence key lives: it only carries a write to replicate. */
  private static final long FENCE_TTL_MS = 60_000;

  /**
   * {@code redis.min-replicas-acks} confirmations within half the command timeout, so that
   * commands queued behind a WAIT on the same connection still meet their deadline.
   */
  public static ReplicaAcks of(RedisSettings settings) {
    return settings.minReplicasAcks() == 0 ? OFF
        : new ReplicaAcks(settings.minReplicasAcks(), settings.commandTimeout().toMillis() / 2);
  }

  /** Sends {@code store} and, when confirmation is on, the fence and WAIT behind it: one round trip. */
  Future<Response> send(RedisLink link, Request store, String fenceKey) {
    Future<Response> stored = link.send(store);
    if (replicas == 0) {
      return stored;
    }
    link.send(Request.cmd(Command.SET).arg(fenceKey).arg("1").arg("PX").arg(FENCE_TTL_MS));
    Future<Response> confirmed = link.sendBlocking(Request.cmd(Command.WAIT).arg(replicas).arg(timeoutMs), timeoutMs);
    return stored.compose(reply -> confirmed.compose(count -> count.toInteger() >= replicas
        ? Future.succeededFuture(reply)
        : Future.failedFuture(new RedisUnavailable("on the primary, but only " + count.toInteger() + " of "
            + replicas + " replicas confirmed it within " + timeoutMs + " ms (redis.min-replicas-acks)"))));
  }
}
