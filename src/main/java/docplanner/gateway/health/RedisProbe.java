package docplanner.gateway.health;

import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.RedisLinks;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.List;

/**
 * Asks Redis for the health checks and the stream gauges on a connection of its own, one per
 * server instance: a probe never queues behind pushes or a blocking read, never blocks, and gives
 * up after {@link #TIMEOUT_MS} (its link's deadline; a reply that does not come replaces the
 * connection, so the next probe starts afresh instead of queueing behind the lost one).
 */
public final class RedisProbe {

  /** Well under a Kubernetes probe's timeout (the manifests use 2 s), so the check answers first. */
  static final long TIMEOUT_MS = 500;
  /** How long the probe's key lives: it only proves a write was accepted. */
  private static final long PROBE_TTL_MS = 10_000;

  private final RedisLink link;

  public RedisProbe(RedisLinks redis) {
    this.link = redis.open("health", Duration.ofMillis(TIMEOUT_MS));
  }

  /** The PING round trip in microseconds; fails when Redis does not answer in time. */
  public Future<Long> ping() {
    long start = System.nanoTime();
    return link.send(Request.cmd(Command.PING)).map(reply -> (System.nanoTime() - start) / 1_000);
  }

  /**
   * A tiny write that expires on its own: fails when Redis refuses writes (OOM under maxmemory with
   * noeviction, MISCONF, a read-only replica), which a PING does not show.
   */
  Future<Void> write(String key) {
    return link.send(Request.cmd(Command.SET).arg(key).arg("1").arg("PX").arg(PROBE_TTL_MS)).mapEmpty();
  }

  Future<List<Response>> batch(List<Request> requests) {
    return link.batch(requests);
  }

  public Future<Void> close() {
    return link.close();
  }
}
