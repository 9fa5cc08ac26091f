package docplanner.gateway.sandbox;

import docplanner.gateway.support.Examples;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SandboxClient.Reply;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoint and the pull side of the simulated Docplanner, over real HTTP. */
class SandboxApiIT {

  static final String SUCCESS = "application/vnd.docplanner+json; charset=UTF-8";
  static final String ERROR = "application/vnd.error+docplanner+json";

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of("sandbox.token-lifetime", "1h"));

  final SandboxClient client = sandbox.client();

  static String body(String name, int n) {
    return new JsonObject().put("name", name)
        .put("data", new JsonObject().put("facility", new JsonObject().put("id", "1"))
            .put("doctor", new JsonObject().put("id", "2")).put("address", new JsonObject().put("id", "3"))
            .put("break", new JsonObject().put("id", Integer.toString(n))))
        .put("created_at", "2026-11-28T10:00:00+01:00").encode();
  }

  @Test
  void tokenEndpointIssuesBearerTokensForTheConfiguredClient() {
    Reply reply = client.requestToken();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonObject token = reply.json();
    assertThat(token.getString("access_token")).hasSizeGreaterThan(40);
    assertThat(token.getLong("expires_in")).isEqualTo(3600);
    assertThat(token.getString("token_type")).isEqualTo("bearer");
    assertThat(token.containsKey("scope")).isTrue();
    assertThat(token.getValue("scope")).isNull();
    assertThat(client.requestToken().json().getString("access_token")).isNotEqualTo(token.getString("access_token"));
  }

  @Test
  void wrongOrMissingClientCredentialsGet401() {
    String form = "grant_type=client_credentials&scope=integration";
    for (Reply reply : List.of(
        client.requestToken("sandbox-client", "wrong-secret", form),
        client.requestToken("someone-else", "sandbox-secret", form),
        client.requestToken(null, null, form))) {
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.json().getString("error")).isEqualTo("invalid_client");
      assertThat(reply.json().containsKey("access_token")).isFalse();
    }
  }

  @Test
  void anotherGrantTypeOrScopeGets400() {
    assertThat(client.requestToken("sandbox-client", "sandbox-secret", "grant_type=password&scope=integration").status())
        .isEqualTo(400);
    assertThat(client.requestToken("sandbox-client", "sandbox-secret", "scope=integration").status()).isEqualTo(400);
    Reply scope = client.requestToken("sandbox-client", "sandbox-secret", "grant_type=client_credentials&scope=admin");
    assertThat(scope.status()).isEqualTo(400);
    assertThat(scope.json().getString("error")).isEqualTo("invalid_scope");
  }

  @Test
  void missingUnknownAndExpiredTokensGet401OnTheApi() {
    assertUnauthorized(client.pullOne(null), "OAuth2 authentication required");
    assertUnauthorized(client.pullOne("not-a-token"), "The access token provided is invalid.");
    String token = client.token();
    assertThat(client.pullOne(token).status()).isEqualTo(404);
    client.advance("59m");
    assertThat(client.pullOne(token).status()).isEqualTo(404);
    client.advance("1m");
    assertUnauthorized(client.pullOne(token), "The access token provided has expired.");
    assertUnauthorized(client.release(token), "The access token provided has expired.");
    assertThat(client.pullOne(client.token()).status()).isEqualTo(404);
  }

  @Test
  void revokedTokensGet401() {
    String token = client.token();
    assertThat(client.admin("DELETE", "/tokens", null).json().getInteger("revoked")).isPositive();
    assertUnauthorized(client.pullMultiple(token, "10"), "The access token provided is invalid.");
  }

  private static void assertUnauthorized(Reply reply, String message) {
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.contentType()).isEqualTo(ERROR);
    assertThat(reply.json()).isEqualTo(new JsonObject().put("errors", new JsonArray()).put("message", message));
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void pullOneGivesTheEarliestNotificationAndRemovesIt() {
    client.enqueue(body("break-created", 1), body("break-moved", 2), body("break-removed", 3));
    String token = client.token();
    for (int n = 1; n <= 3; n++) {
      Reply reply = client.pullOne(token);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).isEqualTo(SUCCESS);
      assertThat(reply.header("X-RateLimit-Limit")).as("no limiter, no headers").isNull();
      assertThat(reply.body()).isEqualTo(body(List.of("break-created", "break-moved", "break-removed").get(n - 1), n));
    }
    assertQueueEmpty(client.pullOne(token));
    assertThat(client.items("pulled")).extracting(item -> item.getLong("id")).hasSize(3).isSorted();
  }

  @Test
  void pullMultipleIsFifoAndCountsWhatRemains() {
    for (int n = 1; n <= 5; n++) {
      client.enqueue(body("break-created", n));
    }
    String token = client.token();
    Reply first = client.pullMultiple(token, "2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).isEqualTo(SUCCESS);
    assertThat(breakIds(first.json())).containsExactly("1", "2");
    assertThat(first.json().getInteger("remaining")).isEqualTo(3);
    Reply rest = client.pullMultiple(token, "100");
    assertThat(breakIds(rest.json())).containsExactly("3", "4", "5");
    assertThat(rest.json().getInteger("remaining")).isZero();
    assertQueueEmpty(client.pullMultiple(token, "100"));
  }

  @Test
  void pullMultipleWithoutLimitTakesOne() {
    client.enqueue(body("break-created", 1), body("break-created", 2));
    Reply reply = client.pullMultiple(client.token(), null);
    assertThat(breakIds(reply.json())).containsExactly("1");
    assertThat(reply.json().getInteger("remaining")).isEqualTo(1);
  }

  @Test
  void limitOutsideOneToHundredOrNotANumberIs400AndTakesNothing() {
    client.enqueue(body("break-created", 1));
    String token = client.token();
    for (String limit : List.of("0", "101", "-1", "abc", "1.5", "", "1e2", "99999999999")) {
      Reply reply = client.pullMultiple(token, limit);
      assertThat(reply.status()).as("limit=" + limit).isEqualTo(400);
      assertThat(reply.contentType()).isEqualTo(ERROR);
      assertThat(reply.json().getJsonArray("errors")).isNotEmpty();
      assertThat(reply.json().getString("message")).isNotBlank();
    }
    assertThat(client.pullMultiple(token, "1").json().getInteger("remaining")).isZero();
  }

  @Test
  void pullMultipleAnswerHasTheShapeOfTheContractExample() {
    JsonObject example = new JsonObject(Examples.apiAnswer("pull-multiple.json"));
    JsonArray notifications = example.getJsonArray("notifications");
    client.enqueue(notifications.getJsonObject(0).encodePrettily(), notifications.getJsonObject(1).encode());
    for (int n = 0; n < example.getInteger("remaining"); n++) {
      client.enqueue(body("break-created", n));
    }
    Reply reply = client.pullMultiple(client.token(), "2");
    assertThat(reply.json()).isEqualTo(example);
  }

  @Test
  void emptyQueueAnswersTheContractsErrorBody() {
    String token = client.token();
    assertQueueEmpty(client.pullOne(token));
    assertQueueEmpty(client.pullMultiple(token, "10"));
  }

  private static void assertQueueEmpty(Reply reply) {
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.contentType()).isEqualTo(ERROR);
    assertThat(reply.json()).isEqualTo(new JsonObject(Examples.apiAnswer("error-queue-empty.json")));
  }

  @Test
  void notificationsNotPulledWithin72HoursExpireAndAreGone() {
    client.enqueue(body("break-created", 1));
    client.advance("71h");
    client.enqueue(body("break-created", 2));
    client.advance("59m");
    assertThat(client.read("/queue").getInteger("count")).isEqualTo(2);
    client.advance("1m");
    assertThat(client.read("/queue").getInteger("count")).isEqualTo(1);
    assertThat(client.items("expired")).hasSize(1);
    assertThat(client.items("expired").get(0).getJsonObject("notification").getJsonObject("data")
        .getJsonObject("break").getString("id")).isEqualTo("1");
    Reply reply = client.pullMultiple(client.token(), "100");
    assertThat(breakIds(reply.json())).containsExactly("2");
    client.enqueue(body("break-created", 3));
    client.advance("72h");
    assertQueueEmpty(client.pullMultiple(client.token(), "100"));
  }

  @Test
  void releaseWithoutAPushEndpointIs403WithTheContractsBody() {
    Reply reply = client.release(client.token());
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.contentType()).isEqualTo(ERROR);
    assertThat(reply.json()).isEqualTo(new JsonObject(Examples.apiAnswer("error-release-forbidden.json")));
  }

  @Test
  void unknownPathsAndWrongMethodsAnswerInTheErrorMediaType() {
    String token = client.token();
    Reply unknown = client.api("GET", "/doctors", token);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).isEqualTo(ERROR);
    Reply wrongMethod = client.api("POST", "/notifications", token);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
    assertThat(wrongMethod.contentType()).isEqualTo(ERROR);
  }

  static List<String> breakIds(JsonObject answer) {
    return answer.getJsonArray("notifications").stream()
        .map(n -> ((JsonObject) n).getJsonObject("data").getJsonObject("break").getString("id"))
        .toList();
  }
}
