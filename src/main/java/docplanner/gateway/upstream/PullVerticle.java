package docplanner.gateway.upstream;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.config.UpstreamSettings;
import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.store.EventStore;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pulls Docplanner's notification queue into the stream (deploy one instance per gateway; across
 * replicas a Redis lease lets one pull at a time). Wires a {@link Puller} to its own Redis
 * connection and upstream client.
 */
public final class PullVerticle extends VerticleBase {

  private final UpstreamSettings settings;
  private final StreamSettings stream;
  private final Redis redis;
  private final Duration connectTimeout;
  private final UpstreamStatus status;
  private final UpstreamStats stats;
  private final Duration gracePeriod;

  private RedisLink link;
  private UpstreamClient client;
  private Puller puller;

  public PullVerticle(UpstreamSettings settings, StreamSettings stream, Redis redis, Duration connectTimeout,
                      UpstreamStatus status, UpstreamStats stats, Duration gracePeriod) {
    this.settings = settings;
    this.stream = stream;
    this.redis = redis;
    this.connectTimeout = connectTimeout;
    this.status = status;
    this.stats = stats;
    this.gracePeriod = gracePeriod;
  }

  @Override
  public Future<?> start() {
    link = new RedisLink(vertx, redis, connectTimeout, "pull", EventStore::prepare);
    client = new UpstreamClient(vertx, settings, Clock.systemUTC(), stats);
    UpstreamKeys keys = UpstreamKeys.of(stream.key(), settings.clientId());
    Duration leaseTtl = settings.pull().leaseTtl();
    Lease lease = new Lease(link, keys.pullLease(), keys.pullFence(), status.replica(), leaseTtl, leaseTtl.dividedBy(3));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    puller = new Puller(vertx, client, lease, new EventStore(link, stream), link, new NotificationParser(), status, stats,
        new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
        // Redis outages are usually short: retry storing soon, at most every few seconds.
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), random),
        Clock.systemUTC(), settings.pull().interval(), leaseTtl);
    puller.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = puller == null ? Future.succeededFuture() : puller.stop(gracePeriod);
    return stopped.eventually(() -> Future.join(client.close(), link.close()));
  }
}
