package docplanner.gateway.upstream;

import docplanner.gateway.config.UpstreamSettings;
import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.store.EventStore;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pulls Docplanner's notification queue into the stream (deploy one instance per gateway; across
 * replicas a Redis lease lets one pull at a time). Wires a {@link Puller} to its own Redis
 * connection and upstream client.
 */
public final class PullVerticle extends VerticleBase {

  private final UpstreamWiring wiring;

  private RedisLink link;
  private UpstreamClient client;
  private Puller puller;

  public PullVerticle(UpstreamWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Future<?> start() {
    UpstreamSettings settings = wiring.settings();
    link = wiring.redis().open("pull", EventStore::prepare);
    client = new UpstreamClient(vertx, settings, Clock.systemUTC(), wiring.stats());
    UpstreamKeys keys = wiring.keys();
    Duration leaseTtl = settings.pull().leaseTtl();
    Lease lease = new Lease(link, keys.pullLease(), keys.pullFence(), wiring.status().replica(), leaseTtl,
        leaseTtl.dividedBy(3));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    puller = new Puller(vertx, client, lease, new EventStore(link, wiring.stream(), wiring.redis().replicaAcks()), link, new NotificationParser(),
        wiring.status(), wiring.stats(),
        new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
        // Redis outages are usually short: retry storing soon, at most every few seconds.
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), random),
        Clock.systemUTC(), settings.pull().interval(), leaseTtl);
    puller.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = puller == null ? Future.succeededFuture() : puller.stop(wiring.gracePeriod());
    return stopped.eventually(() -> Future.join(client.close(), link.close()));
  }
}
