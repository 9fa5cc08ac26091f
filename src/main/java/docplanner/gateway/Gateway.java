package docplanner.gateway;

import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.config.Ports;
import docplanner.gateway.feed.FeedStats;
import docplanner.gateway.feed.FeedVerticle;
import docplanner.gateway.feed.group.GroupMetrics;
import docplanner.gateway.feed.group.Groups;
import docplanner.gateway.http.AdminAccess;
import docplanner.gateway.http.ErrorAnswers;
import docplanner.gateway.http.FeedAccess;
import docplanner.gateway.http.HardenedServer;
import docplanner.gateway.http.MethodTags;
import docplanner.gateway.health.HealthSources;
import docplanner.gateway.health.Lifecycle;
import docplanner.gateway.health.StreamWatch;
import docplanner.gateway.ingest.IngestStats;
import docplanner.gateway.ingest.IngestVerticle;
import docplanner.gateway.ingest.PushRateLimit;
import docplanner.gateway.ops.CoarseClock;
import docplanner.gateway.ops.HttpServerMeters;
import docplanner.gateway.ops.LeanHttpMetrics;
import docplanner.gateway.ops.OpsRoutes;
import docplanner.gateway.ops.StageTiming;
import docplanner.gateway.ops.StreamGauges;
import docplanner.gateway.store.ConnectionBudget;
import docplanner.gateway.store.EmbeddedRedis;
import docplanner.gateway.store.RedisHealth;
import docplanner.gateway.store.RedisClients;
import docplanner.gateway.store.ReplicaAcks;
import docplanner.gateway.store.RedisLinks;
import docplanner.gateway.store.RedisServerProcess;
import docplanner.gateway.store.StreamKeys;
import docplanner.gateway.upstream.PullVerticle;
import docplanner.gateway.upstream.ReleaseRoute;
import docplanner.gateway.upstream.ReleaseVerticle;
import docplanner.gateway.upstream.ReplicaId;
import docplanner.gateway.upstream.UpstreamStats;
import docplanner.gateway.upstream.UpstreamStatus;
import docplanner.gateway.upstream.UpstreamWiring;
import docplanner.gateway.web.Problem;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One running gateway: its Redis (possibly embedded), Vert.x with metrics, and the verticles,
 * deployed in dependency order (feed readers before the push endpoint takes traffic) and
 * undeployed in reverse (pushes stop first, so nothing in flight is cut; feeds then close with a
 * retry hint). Blocking: start and close it from a plain thread (main, a test), not an event loop.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** Numbers the Vert.x metrics registry name of each gateway started in this process. */
  private static final AtomicInteger REGISTRY_NAMES = new AtomicInteger();

  private final GatewayConfig config;
  private final RedisServerProcess embedded;
  private final Vertx vertx;
  private final RedisLinks redis;
  private final ConnectionBudget budget;
  private final PrometheusMeterRegistry registry;
  private final Map<String, Supplier<JsonObject>> healthDetails;
  private final List<String> deployments = new ArrayList<>();
  /** The first router of each port ("push", "feed"), kept so tests can hold docs/api to the real routes. */
  private final Map<String, io.vertx.ext.web.Router> routers = new java.util.concurrent.ConcurrentHashMap<>();
  private FeedStats feedStats;
  private final Lifecycle lifecycle = new Lifecycle();
  private OpsRoutes ops;
  private final UpstreamStatus upstreamStatus;
  private volatile boolean closed;

  private Gateway(GatewayConfig config, ConnectionBudget budget, RedisServerProcess embedded, Vertx vertx,
                  RedisLinks redis, PrometheusMeterRegistry registry, Map<String, Supplier<JsonObject>> healthDetails) {
    this.config = config;
    this.budget = budget;
    this.embedded = embedded;
    this.vertx = vertx;
    this.redis = redis;
    this.registry = registry;
    this.upstreamStatus = new UpstreamStatus(ReplicaId.create(), config.upstream().pull().enabled(),
        config.upstream().release().enabled());
    this.healthDetails = withUpstreamHealth(healthDetails);
  }

  /** Starts a gateway and returns once every port listens; throws (after cleaning up) when it cannot. */
  public static Gateway start(GatewayConfig requested) {
    return start(requested, Map.of());
  }

  /**
   * @param healthDetails informational readiness checks by name (always UP, their JSON shown on
   *                      /health/ready), e.g. {@code "upstream"} with the pull and release status
   */
  public static Gateway start(GatewayConfig requested, Map<String, Supplier<JsonObject>> healthDetails) {
    // Before anything starts (an embedded Redis, Vert.x): the second server could not bind anyway.
    Ports.requireDistinct(Ports.push(requested), Ports.feed(requested));
    EmbeddedRedis.Resolved resolved = EmbeddedRedis.resolve(requested.redis());
    GatewayConfig config = requested.withRedis(requested.redis().withUrl(resolved.url()));
    CoarseClock clock = new CoarseClock();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    MicrometerMetricsOptions metrics = MethodTags.bounded(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        // Vert.x keeps one metrics backend per registry name and process: with the default name a
        // second gateway in the same JVM (tests, embedding) would report into the first's registry.
        .setRegistryName("docplanner-gateway-" + REGISTRY_NAMES.incrementAndGet())
        // Per-command Redis client meters cost a tag lookup per push; gateway.push.store and
        // gateway.redis.errors say what matters.
        .setDisabledMetricsCategories(java.util.Set.of("redis")));
    Vertx vertx = Vertx.builder()
        // One event loop per core, not Vert.x's two: a push and a feed instance on each (the feed
        // instance with its own stream reader), and fewer threads take turns on the cores
        // (docs/performance.md, sixth and fifteenth rounds).
        .with(new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(metrics)
            .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()))
        // Vert.x's HTTP server request meters, looked up once per method and status, not per request.
        .withMetrics(new LeanHttpMetrics(new MicrometerMetricsFactory(registry),
            new HttpServerMeters(registry, metrics.getMetricsNaming())))
        .build();
    clock.tickOn(vertx);
    ConnectionBudget budget = ConnectionBudget.of(config.push().instances(), config.feed().instances(),
        config.upstream().enabled() && config.upstream().pull().enabled(),
        config.upstream().enabled() && config.upstream().release().enabled(),
        Runtime.getRuntime().availableProcessors());
    Redis redis = RedisClients.create(vertx, config.redis(), resolved.process() != null, budget.poolSize(),
        budget.poolWaiting());
    RedisLinks links = new RedisLinks(vertx, redis, config.redis().connectTimeout(), config.redis().commandTimeout(),
        new RedisHealth(config.redis().where(), vertx,
            config.redis().commandTimeout().multipliedBy(3)), ReplicaAcks.of(config.redis()));
    Gateway gateway = new Gateway(config, budget, resolved.process(), vertx, links, registry, Map.copyOf(healthDetails));
    try {
      gateway.deployAll();
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  private void deployAll() {
    StageTiming stages = StageTiming.create(config.metrics().stageTiming());
    stages.register(registry);
    feedStats = new FeedStats(registry, stages);
    IngestStats ingestStats = new IngestStats(registry, stages);
    StreamWatch streamWatch = new StreamWatch(config.stream().key());
    Groups groups = new Groups(config.groups(), new GroupMetrics(registry), StreamKeys.of(config.stream().key()));
    FeedAccess feedAccess = new FeedAccess(config.security().allowedOrigins(), config.security().allowedHosts());
    HardenedServer feedPort = new HardenedServer("feed", config.security().feed(), java.util.List.of(), true);
    PushRateLimit pushRateLimit = new PushRateLimit(config.security().pushRateLimit());
    HardenedServer pushPort = new HardenedServer("push", config.security().push(), config.push().trustedProxies(), false);
    StreamGauges.register(registry, streamWatch, feedStats);
    ops = new OpsRoutes(vertx, redis,
        new HealthSources(lifecycle, feedStats, streamWatch, embedded != null, redis.health(), healthDetails), registry,
        stages);
    deploy(() -> new FeedVerticle(config.feed(), config.stream(), redis,
            feedStats, config.shutdown().gracePeriod(), router -> {
              routers.putIfAbsent("feed", router);
              ErrorAnswers.install(router);
              // Guards, not endpoints (so by pattern): before the feed's own routes, whatever order they were added in.
              router.routeWithRegex("/events.*").order(-2).handler(feedAccess);
              router.routeWithRegex(AdminAccess.PATHS).order(-2).handler(feedAccess);
              router.routeWithRegex(AdminAccess.PATHS).order(-1).handler(new AdminAccess(config.security().adminToken()));
              ops.mountOnFeed(router);
              upstreamRoutes(router);
            }, feedPort, groups),
        budget.feedInstances(), "feed", Ports.feed(config));
    deploy(() -> new IngestVerticle(config.push(), config.stream(), config.approval(), redis, ingestStats,
            config.shutdown().gracePeriod(),
            () -> pushPortRoutes(), pushPort, pushRateLimit),
        budget.pushInstances(), "push", Ports.push(config));
    deployUpstream();
    LOG.info("docplanner-gateway ready: push on :{}{} , feed on :{}/events (Redis {}; {})", config.push().port(),
        config.push().token().isEmpty() ? config.push().path() : config.push().path() + "/***",
        config.feed().port(), config.redis().where(), budget);
  }

  // ---- upstream (issue 3): pull and release, one instance each, deployed last so undeployed first ----

  private void deployUpstream() {
    if (!config.upstream().enabled()) {
      return;
    }
    UpstreamWiring wiring = new UpstreamWiring(config.upstream(), config.stream(), redis, upstreamStatus,
        new UpstreamStats(registry), config.shutdown().gracePeriod());
    if (config.upstream().pull().enabled()) {
      deploy(() -> new PullVerticle(wiring), 1, "pull", null);
    }
    if (config.upstream().release().enabled()) {
      deploy(() -> new ReleaseVerticle(wiring), 1, "release", null);
    }
  }

  private io.vertx.core.Handler<HttpServerRequest> pushPortRoutes() {
    io.vertx.core.Handler<HttpServerRequest> routes = ops.pushPortRoutes(Gateway::notFound);
    if (routes instanceof io.vertx.ext.web.Router router) {
      routers.putIfAbsent("push", router);
    }
    return routes;
  }

  /**
   * The routers serving the push port (everything but the push endpoint itself, which
   * {@code PushHandler} answers first) and the feed port, by "push" and "feed". The API
   * descriptions in docs/api are checked against them.
   */
  public Map<String, io.vertx.ext.web.Router> routers() {
    return Map.copyOf(routers);
  }

  private void upstreamRoutes(io.vertx.ext.web.Router router) {
    ReleaseRoute.mount(router, config.upstream().release().enabled(),
        config.upstream().requestTimeout().multipliedBy(2).plusSeconds(10));
  }

  /** The caller's health details, plus {@code upstream} (pull and release status) when either runs. */
  private Map<String, Supplier<JsonObject>> withUpstreamHealth(Map<String, Supplier<JsonObject>> details) {
    if (!config.upstream().enabled() || details.containsKey("upstream")) {
      return details;
    }
    Map<String, Supplier<JsonObject>> all = new java.util.LinkedHashMap<>(details);
    all.put("upstream", upstreamStatus::toJson);
    return Map.copyOf(all);
  }

  /** What pull and release are doing on this replica (for the health checks). */
  public UpstreamStatus upstreamStatus() {
    return upstreamStatus;
  }

  // ---- end upstream ----

  /** @param port the port its server binds (a taken one is reported by key), or null for no server */
  private void deploy(java.util.function.Supplier<io.vertx.core.Deployable> verticle, int instances, String what,
                      Ports.Claim port) {
    String id;
    try {
      id = Blocking.await(vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances)), 60_000);
    } catch (IllegalStateException e) {
      RuntimeException failure = new IllegalStateException("could not start the " + what + " verticles: " + e.getMessage(), e);
      throw port == null ? failure : Ports.startFailure(port, failure);
    }
    deployments.add(id);
  }

  /** The instances and Redis connections this process runs with. */
  public ConnectionBudget connectionBudget() {
    return budget;
  }

  /** What the process knows about Redis (troubled links, refused writes). */
  public RedisHealth redisHealth() {
    return redis.health();
  }

  private static void notFound(HttpServerRequest request) {
    new Problem(404, "not-found", "Not found", "no such endpoint").send(request.response());
  }

  public GatewayConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** True once the stream reader has a position and its last read succeeded (live feeds flow). */
  public boolean streamReaderRunning() {
    return feedStats != null && feedStats.readersHealthy();
  }

  /** The feed's metrics and, for tests, its stream reader. */
  public FeedStats feedStats() {
    return feedStats;
  }

  /** True while the stream reader does not read because nobody subscribes here. */
  public boolean streamReaderIdle() {
    return feedStats != null && feedStats.readerIdle();
  }

  /** The Redis this gateway uses (after embedded resolution). */
  public String redisUrl() {
    return config.redis().url();
  }

  /**
   * Stops in reverse order of start: readiness turns 503 at once (load balancers stop sending
   * traffic), then pushes stop (the port closes, in-flight ones finish), then feeds close with a
   * retry hint, then Redis connections and an embedded Redis.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lifecycle.beginStopping();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      awaitQuietly(vertx.undeploy(deployments.get(i)), "undeploy");
    }
    if (ops != null) {
      awaitQuietly(ops.close(), "closing the health probes");
    }
    awaitQuietly(redis.close(), "closing Redis connections");
    awaitQuietly(vertx.close(), "closing Vert.x");
    if (embedded != null) {
      embedded.close();
    }
  }

  private void awaitQuietly(Future<?> future, String what) {
    try {
      Blocking.await(future, config.shutdown().gracePeriod().toMillis() + 5_000);
    } catch (RuntimeException e) {
      LOG.warn("{} did not finish cleanly: {}", what, e.getMessage());
    }
  }
}
