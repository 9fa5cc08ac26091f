package docplanner.gateway.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import docplanner.gateway.Gateway;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error answer of both ports is a problem+json with no stack trace and no request line
 * (issue 10.8), odd request targets are a 400 logged at most once in a while (10.12), framing that
 * a proxy could read differently is refused and the connection closed (10.11), and
 * {@code Expect: 100-continue} and h2c are handled as SECURITY.md says (10.14).
 */
class ErrorAnswersIT {

  private static final String SECRET = "tok-" + "3f9a1c";

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog log = new CapturedLog(org.slf4j.Logger.ROOT_LOGGER_NAME);

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("feed.tokens", SECRET, "push.max-body", "4KiB",
        "stream.key", "errors:events"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static int push() {
    return gateway.config().push().port();
  }

  private static int feed() {
    return gateway.config().feed().port();
  }

  private static String endpoint() {
    return gateway.config().push().endpointPath();
  }

  private static long stored() {
    return Long.parseLong(redis.command("XLEN", "errors:events"));
  }

  private static RawHttp.Response exchange(int port, String request) {
    try (RawHttp connection = RawHttp.connect(port)) {
      connection.send(request);
      return connection.read();
    }
  }

  private static void assertProblem(RawHttp.Response answer, int status, String type) {
    assertThat(answer).isNotNull();
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("type")).endsWith("/" + type);
    assertThat(answer.json().getInteger("status")).isEqualTo(status);
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(" HTTP/1.1");
  }

  private void assertNothingLoggedAbout(String secret) {
    for (ILoggingEvent line : log.lines()) {
      assertThat(line.getFormattedMessage()).doesNotContain(secret);
      if (line.getThrowableProxy() != null) {
        assertThat(line.getThrowableProxy().getMessage()).doesNotContain(secret);
      }
    }
  }

  @Test
  void routersOwnAnswersAreProblemsOnBothPorts() {
    for (int port : new int[] {push(), feed()}) {
      assertProblem(exchange(port, "GET /no/such/thing HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404, "not-found");
    }
    assertProblem(exchange(feed(), "DELETE /events HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "method-not-allowed");
    assertProblem(exchange(push(), "DELETE " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "method-not-allowed");
  }

  @Test
  void aMalformedQueryStringIsA400NotA500AndItsTokenIsNeverLogged() {
    RawHttp.Response answer = exchange(feed(),
        "GET /events?since=%zz&access_token=" + SECRET + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertProblem(answer, 400, "malformed-query");
    assertThat(answer.body()).doesNotContain(SECRET).doesNotContain("since");
    assertProblem(exchange(push(), "POST " + endpoint() + "?x=%g0 HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"), 400, "malformed-query");
    assertProblem(exchange(feed(), "GET /ev%zzents HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "malformed-query");
    assertThat(log.lines()).noneMatch(l -> l.getLevel() == Level.ERROR);
    assertNothingLoggedAbout(SECRET);
  }

  @Test
  void headersTheDecoderRefusesAreProblemsToo() {
    String huge = "X-Filler: " + "a".repeat(10_000) + "\r\n";
    assertProblem(exchange(push(), "GET /health/live HTTP/1.1\r\nHost: localhost\r\n" + huge + "\r\n"), 431, "headers-too-large");
    assertProblem(exchange(feed(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "uri-too-long");
  }

  @Test
  void requestTargetsWithoutALeadingSlashAre400sLoggedAtMostOnceNeverAsErrors() {
    for (int i = 0; i < 20; i++) {
      assertProblem(exchange(push(), "GET * HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "invalid-target");
      assertProblem(exchange(feed(), "GET health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400, "invalid-target");
    }
    assertThat(log.lines()).noneMatch(l -> l.getLevel() == Level.ERROR);
    assertThat(log.lines()).filteredOn(l -> l.getFormattedMessage().contains("invalid-target")).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void contentLengthWithChunkedIs400AndTheConnectionIsClosed() {
    long before = stored();
    String body = Notifications.slotBooked("smuggled", "f1", "d1");
    String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    try (RawHttp connection = RawHttp.connect(push())) {
      connection.send("POST " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
          + "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertProblem(connection.read(), 400, "ambiguous-framing");
      assertThat(connection.closedWithin(Duration.ofSeconds(3))).as("no second answer: closed").isTrue();
    }
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void aTransferEncodingOtherThanExactlyChunkedIsRefused() {
    long before = stored();
    String body = Notifications.slotBooked("identity", "f1", "d1");
    for (String coding : new String[] {"chunked, identity", "identity", "gzip, chunked"}) {
      try (RawHttp connection = RawHttp.connect(push())) {
        connection.send("POST " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: " + coding + "\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        RawHttp.Response answer = connection.read();
        assertThat(answer).as(coding).isNotNull();
        assertThat(answer.status()).as(coding).isEqualTo(400);
        assertThat(connection.closedWithin(Duration.ofSeconds(3))).as(coding).isTrue();
      }
    }
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void expectContinueIsAnsweredThenTheFinalStatusAndRefusalsComeWithoutReadingTheBody() {
    String body = Notifications.slotBooked("continue", "f1", "d1");
    try (RawHttp connection = RawHttp.connect(push())) {
      connection.send("POST " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n");
      assertThat(connection.read().status()).isEqualTo(100);
      connection.send(body);
      assertThat(connection.read().status()).isEqualTo(200);
    }
    // Refused on the headers alone: the final answer, no 100, no body sent.
    assertProblem(exchange(push(), "POST " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 999999\r\nExpect: 100-continue\r\n\r\n"), 413, "body-too-large");
    assertProblem(exchange(push(), "POST " + endpoint() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 10\r\nExpect: 100-continue\r\n\r\n"), 415, "unsupported-media-type");
  }

  @Test
  void cleartextHttp2IsNotSpokenOnEitherPort() {
    for (int port : new int[] {push(), feed()}) {
      // Prior knowledge: the HTTP/2 connection preface gets an HTTP/1.1 refusal, not a SETTINGS frame.
      RawHttp.Response preface = exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      assertThat(preface.status()).isIn(400, 505);
      assertThat(preface.header("Content-Type")).isEqualTo("application/problem+json");
      assertProblem(exchange(port, "GET /health/live HTTP/1.2\r\nHost: localhost\r\n\r\n"), 505, "http-version-not-supported");
      // Upgrade: answered over HTTP/1.1, no 101.
      RawHttp.Response upgrade = exchange(port, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n"
          + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
      assertThat(upgrade.status()).isEqualTo(200);
    }
  }
}
