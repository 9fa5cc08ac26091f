package docplanner.gateway.ingest;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The push endpoint's answers to good and bad requests; a refused request stores nothing. */
class PushEndpointIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway open;
  static Gateway guarded;

  @BeforeAll
  static void start() {
    open = TestGateways.start(redis.url(), Map.of("push.max-body", "4KiB", "stream.key", "open:events"));
    guarded = TestGateways.start(redis.url(), Map.of(
        "stream.key", "guarded:events",
        "push.token", "s3cret-Token",
        "push.allowed-sources", "203.0.113.0/24",
        "push.trusted-proxies", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  private static long stored(String key) {
    return Long.parseLong(redis.command("XLEN", key));
  }

  private static void assertProblem(Answer answer, int status, String type) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = answer.json();
    assertThat(problem.getString("type")).endsWith("/" + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  @Test
  void acceptsJsonWithAnyCharsetAndPlusJsonTypes() {
    PushClient push = TestGateways.pushClient(open);
    String body = Examples.read("slot-booked.json");
    for (String type : new String[] {"application/json", "application/json; charset=UTF-8", "Application/JSON;charset=utf-8",
        "application/vnd.docplanner+json"}) {
      Answer answer = push.send("POST", "/docplanner/notifications", type, body);
      assertThat(answer.status()).as(type).isEqualTo(200);
      assertThat(answer.contentType()).isEqualTo("application/json");
      assertThat(answer.json().getString("id")).matches("\\d+-\\d+");
    }
  }

  @Test
  void everyRejectedInputGetsItsStatusAndProblemAndStoresNothing() {
    PushClient push = TestGateways.pushClient(open);
    String path = "/docplanner/notifications";
    long before = stored("open:events");

    assertProblem(push.send("POST", path, "text/plain", "{}"), 415, "unsupported-media-type");
    assertProblem(push.send("POST", path, null, Examples.read("slot-booked.json")), 415, "unsupported-media-type");
    assertProblem(push.send("GET", path, null, null), 405, "method-not-allowed");
    assertProblem(push.send("POST", "/other", "application/json", "{}"), 404, "not-found");
    assertProblem(push.push(""), 400, "malformed-json");
    assertProblem(push.push("{\"name\": \"slot-booked\", \"data\": {"), 400, "malformed-json");
    assertProblem(push.push("[{\"name\":\"a\"}]"), 422, "not-an-object");
    assertProblem(push.push("{\"data\":{},\"created_at\":\"t\"}"), 422, "invalid-envelope");
    assertProblem(push.push("{\"name\":\"a\",\"data\":\"x\",\"created_at\":\"t\"}"), 422, "invalid-envelope");
    assertProblem(push.push("{\"name\":\"a\",\"data\":{},\"created_at\":12}"), 422, "invalid-envelope");
    assertProblem(push.push("{\"name\":\"a\",\"data\":{},\"data\":{},\"created_at\":\"t\"}"), 422, "duplicate-key");
    assertProblem(push.push("{\"name\":\"a\",\"data\":{\"big\":\"" + "x".repeat(5000) + "\"},\"created_at\":\"t\"}"),
        413, "body-too-large");

    Answer missingName = push.push("{\"data\":{},\"created_at\":\"t\"}");
    assertThat(missingName.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("#/name");

    assertThat(stored("open:events")).isEqualTo(before);
    // Still serving after all that.
    assertThat(push.push(Examples.read("booking-canceled.json")).status()).isEqualTo(200);
  }

  @Test
  void anOversizedChunkedBodyIsCutOffWith413() throws Exception {
    long before = stored("open:events");
    try (Socket socket = new Socket("127.0.0.1", open.config().push().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /docplanner/notifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String chunk = "{\"name\":\"a\",\"data\":{\"x\":\"" + "y".repeat(3000);
      out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
    assertThat(stored("open:events")).isEqualTo(before);
  }

  @Test
  void unknownEventNamesAreStoredAndPassedThrough() {
    Answer answer = TestGateways.pushClient(open)
        .push("{\"name\":\"visit-teleported\",\"data\":{\"facility\":{\"id\":\"1\"}},\"created_at\":\"2026-11-28T10:00:00+01:00\"}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(redis.command("XRANGE", "open:events", answer.json().getString("id"), answer.json().getString("id")))
        .contains("visit-teleported");
  }

  @Test
  void withATokenOnlyThePathWithTheTokenTakesPushes() {
    PushClient push = new PushClient(guarded.config().push().port(), "/docplanner/notifications/s3cret-Token");
    String body = Examples.read("break-created.json");
    long before = stored("guarded:events");
    assertProblem(push.send("POST", "/docplanner/notifications", "application/json", body), 404, "not-found");
    assertProblem(push.send("POST", "/docplanner/notifications/wrong-token", "application/json", body), 404, "not-found");
    assertProblem(push.send("POST", "/docplanner/notifications/s3cret-Tokex", "application/json", body), 404, "not-found");
    assertThat(stored("guarded:events")).isEqualTo(before);
  }

  @Test
  void allowedSourcesAreCheckedAgainstTheForwardedAddressOfATrustedProxy() throws Exception {
    int port = guarded.config().push().port();
    String body = Examples.read("break-moved.json");
    assertThat(rawPush(port, body, "203.0.113.9")).isEqualTo(200);
    assertThat(rawPush(port, body, "198.51.100.1")).isEqualTo(403);
    assertThat(rawPush(port, body, null)).isEqualTo(403); // the proxy itself is not a Docplanner sender
    // A forged left-most entry does not help: the right-most untrusted hop is the client.
    assertThat(rawPush(port, body, "203.0.113.9, 198.51.100.1")).isEqualTo(403);
  }

  private static int rawPush(int port, String body, String forwardedFor) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST /docplanner/notifications/s3cret-Token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
          + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
