package docplanner.gateway.sandbox;

import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SandboxClient.Reply;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API: taking bodies in, refusing bad input precisely, the clock, the totals, reset. */
class SandboxAdminIT {

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox();

  final SandboxClient client = sandbox.client();

  @Test
  void anArrayOfNotificationsIsTakenInOrder() {
    String array = new JsonArray()
        .add(new JsonObject(SandboxApiIT.body("break-created", 1)))
        .add(new JsonObject(SandboxApiIT.body("break-moved", 2))).encode();
    Reply reply = client.admin("POST", "/notifications", array);
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().getInteger("accepted")).isEqualTo(2);
    assertThat(client.items("queue")).extracting(q -> q.getString("name")).containsExactly("break-created", "break-moved");
  }

  @Test
  void badBodiesAreRefusedWithAProblemAndNothingIsQueued() {
    assertProblem(client.admin("POST", "/notifications", "{not json"), 400);
    assertProblem(client.admin("POST", "/notifications", ""), 400);
    assertProblem(client.admin("POST", "/notifications", "42"), 422);
    assertProblem(client.admin("POST", "/notifications", "[{\"name\":\"x\"}, 1]"), 422);
    assertProblem(client.admin("POST", "/notifications?deliver=somewhere", "{}"), 400);
    assertThat(client.read("/queue").getInteger("count")).isZero();
  }

  @Test
  void invalidJsonIsExplainedInPlainWordsWithoutParserInternals() {
    Reply broken = client.admin("PUT", "/generator", "{\"rate\": 2,\n \"duplicate_share\": }");
    assertProblem(broken, 400);
    assertThat(broken.json().getString("detail")).isEqualTo("the body is not valid JSON (line 2, column 21)");
    Reply array = client.admin("PUT", "/generator", "[1, 2]");
    assertProblem(array, 422);
    assertThat(array.json().getString("detail")).isEqualTo("expected a JSON object such as {\"rate\": 2}; got an array");
    Reply notification = client.admin("POST", "/notifications", "{\"name\": \"slot-booked\", ");
    assertProblem(notification, 400);
    for (Reply reply : new Reply[] {broken, array, notification, client.admin("POST", "/push/fail", "\"five\"")}) {
      assertThat(reply.body()).doesNotContainIgnoringCase("jackson").doesNotContain("io.netty", "io.vertx", "Exception",
          "Failed to decode", "Source:");
    }
    assertThat(client.read("/queue").getInteger("total")).isZero();
  }

  @Test
  void everyListAnswerCarriesItsTotal() {
    client.enqueue(SandboxApiIT.body("break-created", 1), SandboxApiIT.body("break-created", 2));
    for (String list : new String[] {"/queue", "/failed", "/failed/history", "/attempts", "/delivered", "/released",
        "/pulled", "/expired", "/evicted", "/deleted"}) {
      JsonObject answer = client.read(list);
      assertThat(answer.getLong("total")).as(list).isNotNull().isGreaterThanOrEqualTo(answer.getLong("count"));
      assertThat(answer.getJsonArray("items")).as(list).hasSize(answer.getInteger("count"));
    }
    assertThat(client.read("/queue").getLong("total")).isEqualTo(2);
  }

  @Test
  void theClockMovesOnlyForwardByAValidDuration() {
    Instant before = Instant.parse(client.read("/clock").getString("now"));
    JsonObject moved = client.advance("2h");
    assertThat(Duration.between(before, Instant.parse(moved.getString("now")))).isBetween(
        Duration.ofHours(2), Duration.ofHours(2).plusMinutes(1));
    assertProblem(client.admin("POST", "/clock/advance", "{\"by\":\"-5m\"}"), 422);
    assertProblem(client.admin("POST", "/clock/advance", "{\"by\":\"soon\"}"), 422);
    assertProblem(client.admin("POST", "/push/fail", "{\"next\":-1}"), 422);
    assertProblem(client.admin("PUT", "/push/endpoint", "{\"url\":\"ftp://x\"}"), 422);
  }

  @Test
  void statsCountWhatHappenedAndResetForgetsIt() {
    client.enqueue(SandboxApiIT.body("break-created", 1), SandboxApiIT.body("break-created", 2));
    client.pullOne(client.token());
    JsonObject stats = client.read("/stats");
    assertThat(stats.getInteger("queued")).isEqualTo(1);
    assertThat(stats.getJsonObject("totals").getLong("pulled")).isEqualTo(1);
    client.admin("POST", "/reset", null);
    JsonObject after = client.read("/stats");
    assertThat(after.getInteger("queued")).isZero();
    assertThat(after.getJsonObject("totals").getLong("pulled")).isZero();
  }

  @Test
  void anInjectedFaultAnswersInFrontOfTheApiTakesNothingOffTheQueueAndIsSwitchedOff() {
    client.enqueue(SandboxApiIT.body("break-created", 1));
    String token = client.token();
    client.admin("PUT", "/faults", "{\"kind\":\"error\",\"status\":502}");
    assertThat(client.pullOne(token).status()).isEqualTo(502);
    client.admin("PUT", "/faults", "{\"kind\":\"throttle\"}");
    Reply throttled = client.pullOne(token);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("1");
    client.admin("PUT", "/faults", "{\"kind\":\"malformed\"}");
    assertThat(client.pullOne(token).body()).startsWith("{\"notifications\":[").doesNotEndWith("}");
    client.admin("PUT", "/faults", "{\"kind\":\"error\",\"where\":\"token\"}");
    assertThat(client.requestToken().status()).isEqualTo(503);
    assertThat(client.read("/faults").getLong("hits")).isEqualTo(1);
    assertThat(client.read("/queue").getInteger("count")).isEqualTo(1);

    client.admin("DELETE", "/faults", null);
    assertThat(client.pullOne(token).status()).isEqualTo(200);
    assertProblem(client.admin("PUT", "/faults", "{\"kind\":\"flood\"}"), 422);
    assertProblem(client.admin("PUT", "/faults", "{\"kind\":\"error\",\"status\":404}"), 422);
  }

  @Test
  void unknownAdminPathsAre404Problems() {
    assertProblem(client.admin("GET", "/nothing-here", null), 404);
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("detail")).isNotBlank();
  }
}
