package docplanner.gateway.health;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks Redis for the health checks and the stream gauges on a connection of its own, one per
 * server instance: a probe never queues behind pushes or a blocking read, never blocks, and gives
 * up after {@link #TIMEOUT_MS}. A reply that does not come (a paused or partitioned Redis) drops
 * the connection, so the next probe starts afresh instead of queueing behind the lost one.
 */
public final class RedisProbe {

  /** Well under a Kubernetes probe's timeout (the manifests use 2 s), so the check answers first. */
  static final long TIMEOUT_MS = 500;

  private final RedisLink link;

  public RedisProbe(Vertx vertx, Redis redis, Duration connectTimeout) {
    Duration connect = connectTimeout.toMillis() < TIMEOUT_MS ? connectTimeout : Duration.ofMillis(TIMEOUT_MS);
    this.link = new RedisLink(vertx, redis, connect, "health");
  }

  /** The PING round trip in microseconds; fails when Redis does not answer in time. */
  public Future<Long> ping() {
    long start = System.nanoTime();
    return send(Request.cmd(Command.PING)).map(reply -> (System.nanoTime() - start) / 1_000);
  }

  Future<List<Response>> batch(List<Request> requests) {
    return within(link.batch(requests));
  }

  private Future<Response> send(Request request) {
    return within(link.send(request));
  }

  private <T> Future<T> within(Future<T> reply) {
    return reply.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).onFailure(error -> {
      if (error instanceof TimeoutException) {
        link.reset();
      }
    });
  }

  public Future<Void> close() {
    return link.close();
  }
}
