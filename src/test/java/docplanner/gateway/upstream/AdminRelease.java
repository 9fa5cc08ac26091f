package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code POST /admin/release} and {@code /health/ready} on a gateway's feed port, with the JDK's
 * HTTP client (independent of the code under test).
 */
final class AdminRelease {

  /** The admin token the upstream tests' gateways are given ({@link UpstreamFixtures#overrides}). */
  static final String TOKEN = "test-admin-token-0123456789";

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private AdminRelease() {
  }

  /** The answer: status, headers, body. */
  record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** With the admin token. */
  static Answer post(Gateway gateway) {
    return post(gateway, TOKEN);
  }

  /** @param token sent as a bearer token, or none when null */
  static Answer post(Gateway gateway, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.config().feed().port() + ReleaseRoute.PATH))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  /** The check {@code id} of the feed port's {@code /health/ready} answer. */
  static JsonObject readinessCheck(Gateway gateway, String id) {
    Answer ready = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.config().feed().port()
        + "/health/ready")).timeout(Duration.ofSeconds(30)).GET());
    for (Object check : ready.json().getJsonArray("checks")) {
      if (id.equals(((JsonObject) check).getString("id"))) {
        return (JsonObject) check;
      }
    }
    throw new AssertionError("no check " + id + " in " + ready.body());
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
