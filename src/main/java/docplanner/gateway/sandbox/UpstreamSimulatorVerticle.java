package docplanner.gateway.sandbox;

import docplanner.gateway.config.SandboxSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The simulated Docplanner on one event loop (deploy one instance: its state is in memory and
 * confined to that loop): the token endpoint, the integration API and the admin API on one port,
 * a tick that applies what the sandbox clock has made due, and the event generator.
 */
public final class UpstreamSimulatorVerticle extends VerticleBase {

  static final long TICK_MS = 200;

  private final SandboxSettings settings;
  private final SandboxClock clock;
  private final boolean generate;
  private GeneratorLoop generator;
  private WebClient client;
  private HttpServer server;

  /** @param generate whether the generator runs at its configured rate at once (else from {@link #startGenerator()}) */
  public UpstreamSimulatorVerticle(SandboxSettings settings, SandboxClock clock, boolean generate) {
    this.settings = settings;
    this.clock = clock;
    this.generate = generate;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx,
        new WebClientOptions()
            .setUserAgent("docplanner-gateway-sandbox")
            .setKeepAlive(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.pushTimeout().toMillis())),
        // Bounds what is in flight: past the wait queue a delivery fails (and is retried).
        new PoolOptions().setHttp1MaxSize(16).setMaxWaitQueueSize(10_000));
    SimulatedDocplanner docplanner = new SimulatedDocplanner(settings, clock, client);
    generator = new GeneratorLoop(vertx, docplanner, generate ? settings.generatorRate() : 0);
    Router router = Router.router(vertx);
    new IntegrationApi(docplanner).mount(router);
    new AdminRoutes(docplanner, generator).mount(router);
    router.route().handler(ctx -> DocplannerReplies.error(ctx.response(), 404,
        "No route found for \"" + ctx.request().method() + " " + ctx.request().path() + "\""));
    vertx.setPeriodic(TICK_MS, id -> docplanner.tick());
    generator.start();
    server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()));
    return server.requestHandler(router).listen();
  }

  @Override
  public Future<?> stop() {
    generator.stop();
    client.close();
    return server.close();
  }

  /** The port it listens on (the configured one, or the one chosen for port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** Sets the generator to its configured rate (for a launcher that first waits for the push endpoint to be up). */
  public void startGenerator() {
    context.runOnContext(v -> generator.rate(settings.generatorRate()));
  }
}
