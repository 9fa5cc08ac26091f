package docplanner.gateway.http;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PrometheusText;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP metrics' labels are a fixed set (issue 10.3): 1,000 made-up methods on made-up paths
 * leave {@code /metrics} with a bounded number of series, the made-up ones counted as {@code other}.
 */
class MethodLabelsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void madeUpMethodsAreOtherAndTheSeriesStayFew() {
    try (Gateway gateway = TestGateways.start(redis.url())) {
      for (int port : new int[] {gateway.config().push().port(), gateway.config().feed().port()}) {
        for (int c = 0; c < 5; c++) {
          try (RawHttp connection = RawHttp.connect(port)) {
            for (int i = 0; i < 100; i++) {
              connection.send("M" + c + "X" + i + " /p" + c + "/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
              assertThat(connection.read().status()).isBetween(400, 499);
            }
          }
        }
      }
      String text = Http.get(gateway.config().feed().port(), "/metrics").body();
      PrometheusText metrics = PrometheusText.parse(text);
      Set<String> methods = metrics.samples().stream()
          .filter(s -> s.name().startsWith("vertx_http_server"))
          .map(s -> s.labels().get("method"))
          .filter(m -> m != null)
          .collect(Collectors.toSet());
      Set<String> allowed = new java.util.HashSet<>(MethodTags.KNOWN);
      allowed.add("other");
      assertThat(methods).contains("other", "GET");
      assertThat(allowed).containsAll(methods);
      long series = metrics.samples().stream().filter(s -> s.name().startsWith("vertx_http_server")).count();
      assertThat(series).as("vertx_http_server series after 1,000 made-up methods").isLessThan(150);
      assertThat(text).doesNotContain("M0X1").doesNotContain("/p0/1");
    }
  }
}
