package docplanner.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's per-stage timing ({@code metrics.stage-timing}, {@code /admin/stage-timing}) over a
 * fan-out window: {@link #reset} as the window opens, {@link #lines} after the drain. Without a
 * URL (a server that has none, e.g. Nchan) both do nothing.
 */
final class StageTimes {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI uri;
  private final String token;
  private String failure;

  private StageTimes(URI uri, String token) {
    this.uri = uri;
    this.token = token;
  }

  static StageTimes of(String url, String token) {
    return new StageTimes(url == null || url.isEmpty() ? null : URI.create(url), token);
  }

  void reset() {
    if (uri != null && call("DELETE") == null) {
      System.err.println("stage timing: " + failure);
    }
  }

  /** One {@code BENCH case=stages} line per stage, or none (a failure is said on stderr). */
  List<String> lines(String target, String client, int subscribers) {
    List<String> lines = new ArrayList<>();
    if (uri == null) {
      return lines;
    }
    String body = call("GET");
    if (body == null) {
      System.err.println("stage timing: " + failure);
      return lines;
    }
    JsonObject snapshot = new JsonObject(body);
    JsonArray stages = snapshot.getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      JsonObject s = stages.getJsonObject(i);
      lines.add(String.format(Locale.ROOT,
          "BENCH case=stages target=%s client=%s subscribers=%d stage=%s count=%d p50_ms=%.3f p90_ms=%.3f"
              + " p99_ms=%.3f max_ms=%.3f tail_before_reply=%d delivered_before_reply=%d",
          target, client, subscribers, s.getString("stage"), s.getLong("count"), s.getDouble("p50_ms"),
          s.getDouble("p90_ms"), s.getDouble("p99_ms"), s.getDouble("max_ms"), snapshot.getLong("tail_before_reply"),
          snapshot.getLong("delivered_before_reply", 0L)));
    }
    return lines;
  }

  private String call(String method) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        failure = method + " " + uri + " answered " + response.statusCode() + ": " + response.body();
        return null;
      }
      return response.body();
    } catch (IOException e) {
      failure = method + " " + uri + ": " + e;
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
      return null;
    }
  }
}
