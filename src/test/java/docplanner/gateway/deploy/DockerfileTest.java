package docplanner.gateway.deploy;

import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.health.HealthEndpoints;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile read as text (no Docker engine here): what it copies exists and is not excluded by
 * .dockerignore, it exposes the configured ports, its health check asks the real liveness path,
 * and it never lets the gateway start a Redis of its own.
 */
class DockerfileTest {

  @Test
  void copiesWhatExistsExposesTheConfiguredPortsAndChecksLiveness() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(\\S+) ").matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      String source = copy.group(1).replaceAll("/$", "");
      assertThat(Path.of(source)).as("COPY " + source).exists();
      assertThat(ignore).as(".dockerignore lets " + source + " in").contains("!" + copy.group(1));
      copies++;
    }
    assertThat(copies).isGreaterThanOrEqualTo(3);

    GatewayConfig defaults = ConfigLoader.load(Path.of("conf", "gateway.yaml"), java.util.Map.of(), java.util.Map.of());
    assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + defaults.push().port() + " " + defaults.feed().port() + "$");
    assertThat(dockerfile).contains(":${GATEWAY_FEED_PORT:-" + defaults.feed().port() + "}" + HealthEndpoints.LIVE);
    assertThat(dockerfile).containsPattern("(?m)^ENV GATEWAY_REDIS_EMBEDDED=never$");
    assertThat(dockerfile).contains("docplanner-gateway.jar");
  }
}
