package docplanner.gateway.docs;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api/openapi.yaml and docs/api/asyncapi.yaml against a running gateway: every documented
 * operation answers (not 404), and every route of the push and feed routers is documented.
 */
class ApiDescriptionIT {

  /** One operation: port ("push" or "feed"), method, path. */
  record Operation(String port, String method, String path) implements Comparable<Operation> {
    @Override
    public int compareTo(Operation o) {
      return toString().compareTo(o.toString());
    }
  }

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    // Release on (on demand only) so /admin/release is the real route, pointed where nothing listens.
    gateway = TestGateways.start(redis.url(), Map.of(
        "upstream.release.enabled", true,
        "upstream.release.interval", "0",
        "upstream.client-id", "docs",
        "upstream.client-secret", "docs",
        "upstream.base-url", "http://127.0.0.1:9/api/v3/integration",
        "upstream.token-url", "http://127.0.0.1:9/oauth/v2/token"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyDocumentedOperationAnswers() throws Exception {
    Set<Operation> documented = documented();
    assertThat(documented).extracting(Operation::path)
        .contains("/docplanner/notifications", "/health/live", "/health/ready", "/metrics", "/admin/release", "/events", "/events/ws");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Operation op : documented) {
      int port = op.port().equals("push") ? gateway.config().push().port() : gateway.config().feed().port();
      // Path parameters ({group}) get an example value.
      String path = op.path().replaceAll("\\{[^}/]+}", "example");
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30))
          .method(op.method(), op.method().equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
          .header("Content-Type", "application/json")
          .build();
      // Headers are enough (the feed streams forever): read the status, then drop the body.
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      assertThat(response.statusCode()).as(op.toString()).isNotEqualTo(404).isLessThan(600);
    }
  }

  @Test
  void everyRouteOfTheRoutersIsDocumented() throws Exception {
    Set<Operation> documented = documented();
    Map<String, Router> routers = gateway.routers();
    assertThat(routers).containsKeys("push", "feed");
    Set<Operation> served = new TreeSet<>();
    // The push endpoint is answered before the push port's router (PushHandler), so it is named here.
    served.add(new Operation("push", "POST", gateway.config().push().endpointPath()));
    for (Map.Entry<String, Router> router : routers.entrySet()) {
      for (Route route : router.getValue().getRoutes()) {
        if (route.getPath() == null) {
          continue; // catch-all handlers (the 404/405 answers), not an endpoint
        }
        Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty()
            ? Set.of(HttpMethod.GET, HttpMethod.POST) : route.methods();
        for (HttpMethod method : methods) {
          // Vert.x writes path parameters as :name, OpenAPI as {name}.
          served.add(new Operation(router.getKey(), method.name(), route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}")));
        }
      }
    }
    assertThat(served).as("routes not in docs/api (add them to openapi.yaml or asyncapi.yaml)").isSubsetOf(documented);
  }

  /** The operations both descriptions document, by port (a path item's servers decide it). */
  @SuppressWarnings("unchecked")
  static Set<Operation> documented() throws Exception {
    Yaml yaml = new Yaml();
    int pushPort = 8080;
    Set<Operation> out = new TreeSet<>();
    Map<String, Object> openapi = yaml.load(Files.readString(Path.of("docs/api/openapi.yaml")));
    assertThat(openapi.get("openapi")).asString().startsWith("3.1");
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");
    for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
      List<Map<String, Object>> servers = (List<Map<String, Object>>) path.getValue().get("servers");
      assertThat(servers).as("servers of " + path.getKey()).isNotEmpty();
      List<String> ports = new ArrayList<>();
      for (Map<String, Object> server : servers) {
        ports.add(URI.create((String) server.get("url")).getPort() == pushPort ? "push" : "feed");
      }
      for (String key : path.getValue().keySet()) {
        if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(key)) {
          for (String port : ports) {
            out.add(new Operation(port, key.toUpperCase(Locale.ROOT), path.getKey()));
          }
        }
      }
    }
    Map<String, Object> asyncapi = yaml.load(Files.readString(Path.of("docs/api/asyncapi.yaml")));
    assertThat(asyncapi.get("asyncapi")).asString().startsWith("3.0");
    Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) asyncapi.get("channels");
    for (Map<String, Object> channel : channels.values()) {
      out.add(new Operation("feed", "GET", (String) channel.get("address")));
    }
    return out;
  }
}
