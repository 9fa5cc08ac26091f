package docplanner.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Talks to a sandbox over HTTP with the JDK's client, independent of the code under test: the
 * token endpoint, the integration API (as a Docplanner client would) and the admin API.
 */
public final class SandboxClient {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final String baseUrl;
  private final String clientId;
  private final String clientSecret;

  public SandboxClient(String baseUrl, String clientId, String clientSecret) {
    this.baseUrl = baseUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** An answer: status, headers and body. */
  public record Reply(int status, HttpHeaders headers, String body) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  // --- OAuth2 ---

  /** A token request with the configured credentials (HTTP Basic) and the contract's form body. */
  public Reply requestToken() {
    return requestToken(clientId, clientSecret, "grant_type=client_credentials&scope=integration");
  }

  public Reply requestToken(String id, String secret, String form) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/oauth/v2/token"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (id != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
    return send(request);
  }

  /** A fresh access token for the configured client. */
  public String token() {
    Reply reply = requestToken();
    if (reply.status() != 200) {
      throw new IllegalStateException("token request answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().getString("access_token");
  }

  // --- integration API ---

  /** {@code GET /api/v3/integration + path} with a bearer token (none when null). */
  public Reply api(String method, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v3/integration" + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  public Reply pullOne(String token) {
    return api("GET", "/notifications", token);
  }

  public Reply pullMultiple(String token, String limit) {
    return api("GET", "/notifications/multiple" + (limit == null ? "" : "?limit=" + limit), token);
  }

  public Reply release(String token) {
    return api("POST", "/notifications/release", token);
  }

  // --- admin API ---

  public Reply admin(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request);
  }

  /** Admin GET expecting 200 JSON. */
  public JsonObject read(String path) {
    return expect(admin("GET", path, null), 200);
  }

  /** Takes in bodies via {@code deliver} (both, queue or push); answers their sandbox ids. */
  public List<Long> enqueueVia(String deliver, String... bodies) {
    List<Long> ids = new ArrayList<>();
    for (String body : bodies) {
      JsonObject answer = expect(admin("POST", "/notifications?deliver=" + deliver, body), 201);
      answer.getJsonArray("ids").forEach(id -> ids.add(((Number) id).longValue()));
    }
    return ids;
  }

  /** Enqueues bodies (queue and, with a push endpoint, push); answers their sandbox ids. */
  public List<Long> enqueue(String... bodies) {
    return enqueueVia("both", bodies);
  }

  public JsonObject generate(int count, String deliver) {
    return expect(admin("POST", "/notifications/generate?count=" + count + "&deliver=" + deliver, null), 201);
  }

  public JsonObject advance(String by) {
    return expect(admin("POST", "/clock/advance", new JsonObject().put("by", by).encode()), 200);
  }

  public JsonObject failNext(int count) {
    return expect(admin("POST", "/push/fail", new JsonObject().put("next", count).encode()), 200);
  }

  public JsonObject pushEndpoint(String url) {
    return expect(admin("PUT", "/push/endpoint", new JsonObject().put("url", url).encode()), 200);
  }

  /** The items of an admin list ({@code delivered}, {@code attempts}, {@code failed}, ...). */
  public List<JsonObject> items(String list) {
    JsonArray items = read("/" + list).getJsonArray("items");
    List<JsonObject> out = new ArrayList<>();
    items.forEach(item -> out.add((JsonObject) item));
    return out;
  }

  private static JsonObject expect(Reply reply, int status) {
    if (reply.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
