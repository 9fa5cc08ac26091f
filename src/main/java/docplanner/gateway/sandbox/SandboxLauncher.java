package docplanner.gateway.sandbox;

import docplanner.gateway.Gateway;
import docplanner.gateway.config.ConfigException;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.config.Ports;
import docplanner.gateway.config.SandboxSettings;

import java.util.Map;

/**
 * The two ways {@code Main} runs the sandbox: alone ({@code sandbox} command), or next to a
 * gateway ({@code --sandbox}), where it pushes its generated events to the gateway's push endpoint
 * and the gateway's upstream client points at it.
 */
public final class SandboxLauncher {

  private SandboxLauncher() {
  }

  /**
   * What {@code --sandbox} layers over the configuration before it is validated: the gateway's
   * upstream side talks to the sandbox, so turning pull on ({@code GATEWAY_UPSTREAM_PULL_ENABLED=true})
   * needs no Docplanner domain or credentials. Stand-ins only: {@link #withGateway} replaces them
   * with the running sandbox's URLs and client before the gateway starts.
   */
  public static final Map<String, String> UPSTREAM_STAND_INS = Map.of(
      "upstream.base-url", "http://127.0.0.1/sandbox" + IntegrationApi.API_BASE,
      "upstream.token-url", "http://127.0.0.1/sandbox" + IntegrationApi.TOKEN_PATH,
      "upstream.client-id", "sandbox",
      "upstream.client-secret", "sandbox");

  /** A gateway and its sandbox, stopped together (the gateway first: it stops taking pushes). */
  public record WithGateway(Gateway gateway, Sandbox sandbox) implements AutoCloseable {
    @Override
    public void close() {
      try {
        gateway.close();
      } finally {
        sandbox.close();
      }
    }
  }

  /** {@code java -jar docplanner-gateway.jar sandbox}: the simulated Docplanner on its own port. */
  public static Sandbox standalone(GatewayConfig config) {
    return Sandbox.start(config.sandbox());
  }

  /**
   * {@code java -jar docplanner-gateway.jar --sandbox}: starts the sandbox (generator paused), then
   * the gateway with its upstream side pointing at the sandbox and release on, on demand (so
   * {@code POST /admin/release} brings back the deliveries that failed, when the reader asks; pull
   * stays as configured), then the generator, so the first events find the push endpoint up.
   */
  public static WithGateway withGateway(GatewayConfig config) {
    SandboxSettings settings = config.sandbox();
    Ports.requireDistinct(Ports.push(config), Ports.feed(config), Ports.sandbox(settings));
    if (settings.pushUrl().isEmpty() && config.push().port() == 0) {
      throw new ConfigException("--sandbox pushes to the gateway's push endpoint, so push.port must be a fixed port, not 0");
    }
    String pushUrl = settings.pushUrl().isEmpty() ? gatewayPushUrl(config) : settings.pushUrl();
    Sandbox sandbox = Sandbox.start(settings.withPushUrl(pushUrl), SandboxClock.system(), false);
    try {
      // Applied to the configuration as loaded: reloading it from conf would drop what the caller
      // layered on top (the tests' ports and Redis).
      GatewayConfig gatewayConfig = config.withUpstream(config.upstream().withEndpoint(sandbox.apiUrl(),
          sandbox.tokenUrl(), sandbox.settings().clientId(), sandbox.settings().clientSecret()).withReleaseOnDemand());
      Gateway gateway = Gateway.start(gatewayConfig);
      sandbox.startGenerator();
      return new WithGateway(gateway, sandbox);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** Where the gateway takes pushes, seen from this machine. */
  static String gatewayPushUrl(GatewayConfig config) {
    String host = config.push().host();
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + config.push().port() + config.push().endpointPath();
  }
}
