package docplanner.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's per-stage timing ({@code metrics.stage-timing}, {@code /admin/stage-timing}) over a
 * fan-out window: {@link #reset} as the window opens, {@link #lines} after the drain. Without a
 * URL (a server that has none, e.g. Nchan) both do nothing.
 */
final class StageTimes {

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

  /**
   * One read during the warm-up, its answer dropped: {@link #reset} at the window's start then runs
   * on loaded classes, not as this JVM's first HTTP request.
   */
  void warm() {
    if (uri != null) {
      call("GET");
    }
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

  /**
   * One request on a connection of its own ({@code Connection: close}), plain blocking I/O: a
   * few classes, not {@code java.net.http}'s, whose first request took this JVM 0.57 s.
   */
  private String call(String method) {
    String request = method + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int bodyStart = response.indexOf("\r\n\r\n");
      if (response.length() < 12 || bodyStart < 0) {
        failure = method + " " + uri + ": no whole response (" + response.length() + " bytes)";
        return null;
      }
      String body = response.substring(bodyStart + 4);
      if (response.charAt(9) != '2') {
        failure = method + " " + uri + " answered " + response.substring(9, 12) + ": " + body;
        return null;
      }
      return body;
    } catch (IOException e) {
      failure = method + " " + uri + ": " + e;
      return null;
    }
  }
}
