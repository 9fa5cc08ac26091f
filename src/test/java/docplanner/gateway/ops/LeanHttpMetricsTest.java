package docplanner.gateway.ops;

import docplanner.gateway.http.MethodTags;
import docplanner.gateway.support.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cached request meters against Vert.x's own: two real HTTP servers, one with each, take the
 * same traffic (methods known and made up, bodies, statuses, a request in flight, a reset, a
 * WebSocket) and must show the same {@code vertx_http_server_*} series with the same values
 * (response times aside, which differ by nature).
 */
class LeanHttpMetricsTest {

  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Vertx vertx : started) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sameSeriesAndValuesAsVertxOwnServerMetrics() throws Exception {
    Vertx client = started(Vertx.vertx());
    Side vertxOwn = new Side(false);
    Side lean = new Side(true);
    for (Side side : List.of(vertxOwn, lean)) {
      side.traffic(client);
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(lean.series()).isEqualTo(vertxOwn.series());
      assertThat(lean.scrape().value("vertx_http_server_active_ws_connections")).isEqualTo(1);
      // The two requests held by the server (one to be answered, one to be reset).
      assertThat(lean.scrape().value("vertx_http_server_active_requests", Map.of("method", "GET"))).isEqualTo(2);
    });
    PrometheusText during = lean.scrape();
    assertThat(during.value("vertx_http_server_requests_total", Map.of("method", "GET", "code", "200"))).isEqualTo(3);
    assertThat(during.value("vertx_http_server_requests_total", Map.of("method", "POST", "code", "201"))).isEqualTo(2);
    assertThat(during.value("vertx_http_server_requests_total", Map.of("method", "other", "code", "405"))).isEqualTo(2);
    assertThat(during.value("vertx_http_server_request_bytes_sum", Map.of("method", "POST"))).isEqualTo(10);
    assertThat(during.value("vertx_http_server_response_time_seconds_count", Map.of("method", "GET", "code", "200"))).isEqualTo(3);

    for (Side side : List.of(vertxOwn, lean)) {
      side.endInFlight();
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(lean.series()).isEqualTo(vertxOwn.series());
      assertThat(lean.scrape().value("vertx_http_server_active_ws_connections")).isZero();
      assertThat(lean.scrape().value("vertx_http_server_active_requests", Map.of("method", "GET"))).isZero();
      assertThat(lean.scrape().value("vertx_http_server_request_resets_total", Map.of("method", "GET"))).isEqualTo(1);
    });
  }

  private Vertx started(Vertx vertx) {
    started.add(vertx);
    return vertx;
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** One Vert.x with its metrics and a server; the client traffic it took. */
  private final class Side {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();
    private final int port;
    private HttpClientRequest inFlight;
    private HttpClientRequest toReset;
    private WebSocket webSocket;

    Side(boolean lean) throws Exception {
      // As the gateway configures them (Gateway.start), each side on its own registry name: Vert.x
      // keeps one backend per name and process, and the second side would write into the first's.
      MicrometerMetricsOptions options = MethodTags.bounded(new MicrometerMetricsOptions().setEnabled(true)
          .setRegistryName("lean-http-metrics-test-" + lean));
      MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory(registry);
      Vertx vertx = started(Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(options))
          .withMetrics(lean ? new LeanHttpMetrics(micrometer, new HttpServerMeters(registry, options.getMetricsNaming())) : micrometer)
          .build());
      HttpServer server = vertx.createHttpServer()
          .webSocketHandler(ws -> ws.handler(ws::write))
          .requestHandler(this::answer);
      port = get(server.listen(0, "127.0.0.1")).actualPort();
    }

    private void answer(HttpServerRequest request) {
      if (request.path().startsWith("/hang")) {
        hanging.add(request); // answered later, or never (reset)
      } else if (request.method() == HttpMethod.GET) {
        request.response().end("hello");
      } else if (request.method() == HttpMethod.POST) {
        request.body().onSuccess(body -> request.response().setStatusCode(201).end("got " + body.length()));
      } else {
        request.response().setStatusCode(405).end();
      }
    }

    void traffic(Vertx vertx) throws Exception {
      HttpClient client = vertx.createHttpClient();
      for (int i = 0; i < 3; i++) {
        send(client, HttpMethod.GET, "/a", null);
      }
      for (int i = 0; i < 2; i++) {
        send(client, HttpMethod.POST, "/b", Buffer.buffer("12345"));
      }
      send(client, HttpMethod.valueOf("PROPFIND"), "/c", null);
      send(client, HttpMethod.valueOf("MADEUP"), "/d", null);
      WebSocketClient webSockets = vertx.createWebSocketClient();
      webSocket = get(webSockets.connect(port, "127.0.0.1", "/ws"));
      inFlight = get(client.request(HttpMethod.GET, port, "127.0.0.1", "/hang/answered"));
      inFlight.end();
      // Its own connection: a reset closes it.
      toReset = get(vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", "/hang/reset"));
      toReset.end();
      await().atMost(Duration.ofSeconds(10)).until(() -> hanging.size() == 2);
    }

    void endInFlight() throws Exception {
      HttpServerRequest answered = first(r -> r.path().endsWith("answered"));
      // The body is asked for before the answer is sent: asked for after, from this thread, it can
      // find the whole response already read and wait for data that has gone by.
      Future<Buffer> late = inFlight.response().compose(r -> r.body());
      answered.response().end("late");
      get(late);
      toReset.reset();
      get(webSocket.close());
    }

    private HttpServerRequest first(Predicate<HttpServerRequest> which) {
      return hanging.stream().filter(which).findFirst().orElseThrow();
    }

    private void send(HttpClient client, HttpMethod method, String uri, Buffer body) throws Exception {
      get(client.request(method, port, "127.0.0.1", uri)
          .compose(request -> body == null ? request.send() : request.send(body))
          .compose(response -> response.body()));
    }

    PrometheusText scrape() {
      return PrometheusText.parse(registry.scrape());
    }

    /** The HTTP server samples as "name{labels} value", response times left out. */
    List<String> series() {
      return scrape().samples().stream()
          .filter(s -> s.name().startsWith("vertx_http_server_"))
          .filter(s -> !s.name().startsWith("vertx_http_server_response_time_seconds_sum")
              && !s.name().startsWith("vertx_http_server_response_time_seconds_max"))
          .map(s -> s.name() + s.labels() + " " + s.value())
          .sorted()
          .toList();
    }
  }
}
