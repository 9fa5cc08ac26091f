package docplanner.gateway.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void eachListKeepsTheLatestRecordsWhileTotalsCountAll() {
    Journal journal = new Journal(2);
    for (long id = 1; id <= 3; id++) {
      journal.record(Journal.Kind.PULLED, new SandboxEvent(id, "break-created",
          Buffer.buffer("{\"name\":\"break-created\",\"n\":" + id + "}"), T0), T0.plusSeconds(id),
          new JsonObject().put("extra", id));
    }
    JsonObject pulled = journal.list(Journal.Kind.PULLED);
    assertThat(pulled.getLong("total")).isEqualTo(3);
    assertThat(pulled.getInteger("count")).isEqualTo(2);
    JsonObject last = pulled.getJsonArray("items").getJsonObject(1);
    assertThat(last.getLong("id")).isEqualTo(3);
    assertThat(last.getLong("extra")).isEqualTo(3);
    assertThat(last.getString("at")).isEqualTo(T0.plusSeconds(3).toString());
    assertThat(last.getJsonObject("notification").getLong("n")).isEqualTo(3);
    assertThat(journal.totals().getLong("pulled")).isEqualTo(3);
    assertThat(journal.totals().getLong("delivered")).isZero();
    journal.clear();
    assertThat(journal.total(Journal.Kind.PULLED)).isZero();
  }
}
