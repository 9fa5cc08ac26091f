package docplanner.gateway.sandbox;

import docplanner.gateway.Blocking;
import docplanner.gateway.config.Ports;
import docplanner.gateway.config.SandboxSettings;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * One running sandbox: its own Vert.x with the {@link UpstreamSimulatorVerticle}. Blocking: start
 * and close it from a plain thread (main, a test), not an event loop.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final Vertx vertx;
  private final UpstreamSimulatorVerticle verticle;
  private final SandboxSettings settings;
  private final SandboxClock clock;
  private volatile boolean closed;

  private Sandbox(Vertx vertx, UpstreamSimulatorVerticle verticle, SandboxSettings settings, SandboxClock clock) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.settings = settings;
    this.clock = clock;
  }

  /** Starts on real time with the generator running. */
  public static Sandbox start(SandboxSettings settings) {
    return start(settings, SandboxClock.system(), true);
  }

  /** Starts and returns once it listens; throws (after cleaning up) when it cannot. */
  public static Sandbox start(SandboxSettings settings, SandboxClock clock, boolean generate) {
    Vertx vertx = Vertx.vertx();
    UpstreamSimulatorVerticle verticle = new UpstreamSimulatorVerticle(settings, clock, generate);
    try {
      Blocking.await(vertx.deployVerticle(verticle), 30_000);
    } catch (RuntimeException e) {
      Blocking.await(vertx.close(), 10_000);
      throw Ports.startFailure(Ports.sandbox(settings),
          new IllegalStateException("could not start the sandbox on " + settings.host() + ":" + settings.port()
              + ": " + e.getMessage(), e));
    }
    Sandbox sandbox = new Sandbox(vertx, verticle, settings, clock);
    LOG.info("sandbox (simulated Docplanner) ready on {}: token {} , API {} , admin {}/admin ; push to {}",
        sandbox.baseUrl(), sandbox.tokenUrl(), sandbox.apiUrl(), sandbox.baseUrl(),
        settings.pushUrl().isEmpty() ? "(no push endpoint)" : origin(settings.pushUrl()) + "/... (the path may hold a token)");
    return sandbox;
  }

  /** {@code scheme://host:port} of a URL: what may be logged of it. */
  static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  public int port() {
    return verticle.actualPort();
  }

  /** {@code http://host:port}, with a wildcard bind address replaced by the loopback one. */
  public String baseUrl() {
    String host = settings.host().equals("0.0.0.0") || settings.host().isEmpty() ? "127.0.0.1" : settings.host();
    return "http://" + host + ":" + port();
  }

  /** What a client configures as its base URL ({@code https://www.{domain}/api/v3/integration} for real). */
  public String apiUrl() {
    return baseUrl() + IntegrationApi.API_BASE;
  }

  /** What a client configures as its token URL ({@code https://www.{domain}/oauth/v2/token} for real). */
  public String tokenUrl() {
    return baseUrl() + IntegrationApi.TOKEN_PATH;
  }

  public SandboxSettings settings() {
    return settings;
  }

  public SandboxClock clock() {
    return clock;
  }

  public void startGenerator() {
    verticle.startGenerator();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Blocking.await(vertx.close(), 15_000);
  }
}
