package docplanner.gateway.upstream;

import docplanner.gateway.event.Notification;
import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.support.Examples;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PulledBatchTest {

  @Test
  void theContractExampleGivesEachNotificationAsSentAndTheRemainingCount() {
    String body = Examples.apiAnswer("pull-multiple.json");
    PulledBatch batch = PulledBatch.read(Buffer.buffer(body), "GET");
    assertThat(batch.remaining()).isEqualTo(5);
    assertThat(batch.notifications()).hasSize(2);
    List<Object> expected = new JsonObject(body).getJsonArray("notifications").getList();
    for (int i = 0; i < 2; i++) {
      assertThat(new JsonObject(batch.notifications().get(i))).isEqualTo(new JsonObject((java.util.Map<String, Object>) expected.get(i)));
    }
  }

  @Test
  void aPulledNotificationHasTheFingerprintOfTheSameNotificationPushed() {
    String pushed = Examples.read("break-created.json");
    String answer = "{\"remaining\":0,\"notifications\":[  " + pushed + "  ]}";
    PulledBatch batch = PulledBatch.read(Buffer.buffer(answer), "GET");
    Notification viaPull = new NotificationParser().parse(batch.notifications().get(0));
    Notification viaPush = new NotificationParser().parse(Buffer.buffer(pushed));
    assertThat(viaPull.fingerprint()).isEqualTo(viaPush.fingerprint());
    assertThat(viaPull.body()).isEqualTo(viaPush.body());
  }

  @Test
  void theBytesOfEachElementAreKeptExactly() {
    String answer = "{\"notifications\":[{\"a\":1.50,\"b\":\"\\u0041\"},{\"c\":[1,{\"d\":null}]}],\"remaining\":2}";
    PulledBatch batch = PulledBatch.read(Buffer.buffer(answer), "GET");
    assertThat(batch.notifications()).extracting(Buffer::toString)
        .containsExactly("{\"a\":1.50,\"b\":\"\\u0041\"}", "{\"c\":[1,{\"d\":null}]}");
  }

  @Test
  void nonObjectElementsAreKeptAsEmptyValuesTheParserRejectsByType() {
    String answer = "{\"notifications\":[\"Abraham Lincoln\", 42, true, null, [1]],\"remaining\":0}";
    PulledBatch batch = PulledBatch.read(Buffer.buffer(answer), "GET");
    assertThat(batch.notifications()).extracting(Buffer::toString).containsExactly("\"\"", "0", "true", "null", "[1]");
    for (Buffer element : batch.notifications()) {
      assertThatThrownBy(() -> new NotificationParser().parse(element)).isInstanceOf(Problem.class);
    }
  }

  @Test
  void fieldOrderAndUnknownFieldsDoNotMatter() {
    String answer = "{\"remaining\":7,\"links\":{\"next\":[1,2]},\"notifications\":[{\"x\":1}]}";
    PulledBatch batch = PulledBatch.read(Buffer.buffer(answer), "GET");
    assertThat(batch.remaining()).isEqualTo(7);
    assertThat(batch.notifications()).hasSize(1);
  }

  @Test
  void anAnswerThatIsNotTheContractsShapeIsAnUnexpectedFailureWithoutItsContent() {
    for (String body : new String[] {"[]", "{\"remaining\":1}", "{\"notifications\":[{\"name\":\"Abraham\"", "nope"}) {
      assertThatThrownBy(() -> PulledBatch.read(Buffer.buffer(body), "GET /notifications/multiple"))
          .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(UpstreamFailure.Kind.UNEXPECTED);
            assertThat(f.getMessage()).startsWith("GET /notifications/multiple answered 200 but").doesNotContain("Abraham");
          });
    }
  }
}
