package docplanner.gateway.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two servers never share a port, and a port already taken is reported by its key, in one line. */
class PortsTest {

  @Test
  void pushAndFeedOnOnePortAreRefusedNamingBothKeys() {
    GatewayConfig config = ConfigLoader.load(null, Map.of("GATEWAY_PUSH_PORT", "9000", "GATEWAY_FEED_PORT", "9000"), Map.of());
    assertThatThrownBy(() -> Ports.requireDistinct(Ports.push(config), Ports.feed(config)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("push.port (GATEWAY_PUSH_PORT) and feed.port (GATEWAY_FEED_PORT) are both 9000:"
            + " give each server its own port");
  }

  @Test
  void theSandboxPortMayNotBeTheGatewaysEither() {
    GatewayConfig config = ConfigLoader.load(null, Map.of("GATEWAY_SANDBOX_PORT", "8081"), Map.of());
    assertThatThrownBy(() -> Ports.requireDistinct(Ports.push(config), Ports.feed(config), Ports.sandbox(config.sandbox())))
        .hasMessageStartingWith("feed.port (GATEWAY_FEED_PORT) and sandbox.port (GATEWAY_SANDBOX_PORT) are both 8081");
  }

  @Test
  void portZeroAndSeparateInterfacesDoNotClash() {
    assertThatCode(() -> Ports.requireDistinct(new Ports.Claim("push.port", 0, "0.0.0.0"),
        new Ports.Claim("feed.port", 0, "0.0.0.0"))).doesNotThrowAnyException();
    assertThatCode(() -> Ports.requireDistinct(new Ports.Claim("push.port", 9000, "10.0.0.1"),
        new Ports.Claim("feed.port", 9000, "127.0.0.1"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Ports.requireDistinct(new Ports.Claim("push.port", 9000, "0.0.0.0"),
        new Ports.Claim("feed.port", 9000, "127.0.0.1"))).isInstanceOf(ConfigException.class);
  }

  @Test
  void aTakenPortBecomesOneLineNamingKeyAndVariable() {
    Ports.Claim push = new Ports.Claim("push.port", 8080, "0.0.0.0");
    RuntimeException nio = new IllegalStateException("could not start the push verticles: Address already in use",
        new BindException("Address already in use"));
    assertThat(Ports.startFailure(push, nio)).isInstanceOf(ConfigException.class)
        .hasMessage("push.port 8080 (GATEWAY_PUSH_PORT) is already in use: stop what listens there, or choose another port");
    RuntimeException epoll = new IllegalStateException("x", new IOException("bind(..) failed: Address already in use"));
    assertThat(Ports.startFailure(push, epoll)).isInstanceOf(ConfigException.class);
    RuntimeException other = new IllegalStateException("x", new BindException("Cannot assign requested address"));
    assertThat(Ports.startFailure(push, other)).isSameAs(other);
  }
}
