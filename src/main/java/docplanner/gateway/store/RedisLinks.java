package docplanner.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;

import java.time.Duration;
import java.util.function.Function;

/**
 * Makes every {@link RedisLink} of the process, so all of them share one client (one pool), one
 * connect timeout, one command timeout and one {@link RedisHealth}: no user of Redis can forget a
 * deadline or heal on its own terms.
 */
public final class RedisLinks {

  private final Vertx vertx;
  private final Redis client;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final RedisHealth health;
  private final ReplicaAcks replicaAcks;

  public RedisLinks(Vertx vertx, Redis client, Duration connectTimeout, Duration commandTimeout, RedisHealth health) {
    this(vertx, client, connectTimeout, commandTimeout, health, ReplicaAcks.OFF);
  }

  /** @param replicaAcks what every store of the process waits for (redis.min-replicas-acks) */
  public RedisLinks(Vertx vertx, Redis client, Duration connectTimeout, Duration commandTimeout, RedisHealth health,
                    ReplicaAcks replicaAcks) {
    this.replicaAcks = replicaAcks;
    this.vertx = vertx;
    this.client = client;
    this.connectTimeout = connectTimeout;
    this.commandTimeout = commandTimeout;
    this.health = health;
  }

  /** A link for the event loop that will use it (e.g. created in a verticle's start). */
  public RedisLink open(String name) {
    return open(name, c -> Future.succeededFuture());
  }

  /** A link whose commands have a shorter deadline than the configured one (a health probe's). */
  public RedisLink open(String name, Duration shorterTimeout) {
    Duration timeout = shorterTimeout.compareTo(commandTimeout) < 0 ? shorterTimeout : commandTimeout;
    Duration connect = shorterTimeout.compareTo(connectTimeout) < 0 ? shorterTimeout : connectTimeout;
    return new RedisLink(vertx, client, connect, timeout, name, c -> Future.succeededFuture(), health);
  }

  /** @param onConnect run on every new connection before it is used (e.g. loading a script) */
  public RedisLink open(String name, Function<RedisConnection, Future<?>> onConnect) {
    return new RedisLink(vertx, client,
        connectTimeout, commandTimeout, name, onConnect, health);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** Replicas every store waits for (redis.min-replicas-acks; {@link ReplicaAcks#OFF} by default). */
  public ReplicaAcks replicaAcks() {
    return replicaAcks;
  }

  public RedisHealth health() {
    return health;
  }

  public Future<Void> close() {
    return client.close();
  }
}
