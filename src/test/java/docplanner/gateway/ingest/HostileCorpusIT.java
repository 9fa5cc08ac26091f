package docplanner.gateway.ingest;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.HostileCase;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every case of the hostile-input corpus ({@code src/test/resources/hostile}) against a real
 * gateway, in file-name order: the status and problem type each must get, and for every refused
 * case that Redis holds exactly what it held before (no entry, no dedupe key).
 */
class HostileCorpusIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "hostile:events"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGetsItsAnswerAndRefusedOnesStoreNothing() {
    return HostileCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  private void run(HostileCase c) throws Exception {
    long entriesBefore = entries();
    String keysBefore = redis.command("DBSIZE");
    HostileCase.Answer answer = c.send(gateway.config().push().port());
    String as = c.name() + " (" + c.description() + "): " + answer.status() + " " + answer.bodyText();
    assertThat(answer.status()).as(as).isEqualTo(c.expectedStatus());
    if (answer.status() >= 400) {
      assertThat(answer.headers().get("content-type")).as(as).isEqualTo("application/problem+json");
      JsonObject problem = new JsonObject(answer.bodyText());
      assertThat(problem.getInteger("status")).as(as).isEqualTo(c.expectedStatus());
      if (!c.expectedType().isEmpty()) {
        assertThat(problem.getString("type")).as(as).endsWith("/problems/" + c.expectedType());
      }
      assertThat(problem.getString("detail")).as(as).isNotBlank();
      assertThat(entries()).as(as + ": stream entries").isEqualTo(entriesBefore);
      assertThat(redis.command("DBSIZE")).as(as + ": keys").isEqualTo(keysBefore);
    } else {
      JsonObject ack = new JsonObject(answer.bodyText());
      boolean duplicate = c.expectedType().equals("duplicate");
      assertThat(ack.getBoolean("duplicate")).as(as).isEqualTo(duplicate);
      assertThat(entries()).as(as + ": stream entries").isEqualTo(entriesBefore + (duplicate ? 0 : 1));
    }
  }

  private static long entries() {
    return Long.parseLong(redis.command("XLEN", "hostile:events"));
  }
}
