package docplanner.gateway.upstream;

import docplanner.gateway.config.UpstreamSettings;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls Docplanner's release for the push model (deploy one instance per gateway): a
 * {@link Releaser} on its own Redis connection and upstream client, plus the local event-bus
 * address the feed port's {@code POST /admin/release} asks it through.
 */
public final class ReleaseVerticle extends VerticleBase {

  /** Event-bus address (local to this gateway) of on-demand release attempts; replies {@link ReleaseOutcome#toJson()}. */
  public static final String ADDRESS = "docplanner.upstream.release";

  /** Docplanner's limit: one release per hour per API client. */
  static final Duration SPACING = Duration.ofHours(1);

  private final UpstreamWiring wiring;

  private RedisLink link;
  private UpstreamClient client;
  private Releaser releaser;
  private MessageConsumer<Object> consumer;

  public ReleaseVerticle(UpstreamWiring wiring) {
    this.wiring = wiring;
  }

  /** How long an attempt may hold the slot: a token request and the call, each up to the request timeout. */
  static Duration attemptTtl(UpstreamSettings settings) {
    return settings.requestTimeout().multipliedBy(2).plusSeconds(5);
  }

  @Override
  public Future<?> start() {
    UpstreamSettings settings = wiring.settings();
    link = wiring.redis().open("release");
    client = new UpstreamClient(vertx, settings, Clock.systemUTC(), wiring.stats());
    ReleaseSlot slot = new ReleaseSlot(link, wiring.keys(), wiring.status().replica(), SPACING, attemptTtl(settings),
        wiring.redis().commandTimeout().plus(wiring.redis().connectTimeout()));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    releaser = new Releaser(vertx, client, slot, settings.release().interval(),
        new Backoff(settings.backoffInitial(), settings.backoffMax(), random), wiring.status(), wiring.stats(),
        Clock.systemUTC(), random);
    consumer = vertx.eventBus().localConsumer(ADDRESS, message ->
        releaser.releaseNow().onComplete(ar -> message.reply(ar.succeeded() ? ar.result().toJson()
            : new ReleaseOutcome(ReleaseOutcome.Kind.FAILED, null, String.valueOf(ar.cause().getMessage())).toJson())));
    releaser.start();
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered
        .eventually(() -> releaser == null ? Future.succeededFuture() : releaser.stop(wiring.gracePeriod()))
        .eventually(() -> Future.join(client.close(), link.close()));
  }
}
