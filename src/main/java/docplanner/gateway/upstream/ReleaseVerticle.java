package docplanner.gateway.upstream;

import docplanner.gateway.config.StreamSettings;
import docplanner.gateway.config.UpstreamSettings;
import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.redis.client.Redis;

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

  private final UpstreamSettings settings;
  private final StreamSettings stream;
  private final Redis redis;
  private final Duration connectTimeout;
  private final UpstreamStatus status;
  private final UpstreamStats stats;
  private final Duration gracePeriod;

  private RedisLink link;
  private UpstreamClient client;
  private Releaser releaser;
  private MessageConsumer<Object> consumer;

  public ReleaseVerticle(UpstreamSettings settings, StreamSettings stream, Redis redis, Duration connectTimeout,
                         UpstreamStatus status, UpstreamStats stats, Duration gracePeriod) {
    this.settings = settings;
    this.stream = stream;
    this.redis = redis;
    this.connectTimeout = connectTimeout;
    this.status = status;
    this.stats = stats;
    this.gracePeriod = gracePeriod;
  }

  /** How long an attempt may hold the slot: a token request and the call, each up to the request timeout. */
  static Duration attemptTtl(UpstreamSettings settings) {
    return settings.requestTimeout().multipliedBy(2).plusSeconds(5);
  }

  @Override
  public Future<?> start() {
    link = new RedisLink(vertx, redis, connectTimeout, "release");
    client = new UpstreamClient(vertx, settings, Clock.systemUTC(), stats);
    ReleaseSlot slot = new ReleaseSlot(link, UpstreamKeys.of(stream.key(), settings.clientId()), status.replica(),
        SPACING, attemptTtl(settings), Duration.ofSeconds(2).plus(connectTimeout));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    releaser = new Releaser(vertx, client, slot, settings.release().interval(),
        new Backoff(settings.backoffInitial(), settings.backoffMax(), random), status, stats, Clock.systemUTC(), random);
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
        .eventually(() -> releaser == null ? Future.succeededFuture() : releaser.stop(gracePeriod))
        .eventually(() -> Future.join(client.close(), link.close()));
  }
}
