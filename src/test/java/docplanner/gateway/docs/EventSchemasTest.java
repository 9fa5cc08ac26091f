package docplanner.gateway.docs;

import docplanner.gateway.event.EventNames;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Schemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/schemas describes every in-repo example, covers the 17 names, and still lets new names through. */
class EventSchemasTest {

  @Test
  void everyExampleMatchesTheEnvelopeSchemaAndItsEventsDataSchema() {
    Map<String, String> examples = Examples.notifications();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(17);
    for (Map.Entry<String, String> example : examples.entrySet()) {
      assertThat(Schemas.errors(Schemas.NOTIFICATION, example.getValue())).as(example.getKey()).isEmpty();
      JsonObject body = new JsonObject(example.getValue());
      String data = body.getJsonObject("data").encode();
      assertThat(Schemas.errors(Schemas.eventData(body.getString("name")), data)).as(example.getKey()).isEmpty();
    }
  }

  @Test
  void everyNotificationOfThePulledBatchMatches() {
    JsonArray notifications = new JsonObject(Examples.apiAnswer("pull-multiple.json")).getJsonArray("notifications");
    assertThat(notifications).isNotEmpty();
    for (Object notification : notifications) {
      assertThat(Schemas.errors(Schemas.NOTIFICATION, ((JsonObject) notification).encode())).isEmpty();
    }
  }

  @Test
  void thereIsOneDataSchemaAndAtLeastOneExamplePerKnownName() throws IOException {
    Set<String> schemaNames;
    try (Stream<Path> files = Files.list(Schemas.DIR.resolve("events"))) {
      schemaNames = files.map(p -> p.getFileName().toString().replace(".json", "")).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(schemaNames).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
    Set<String> exampleNames = Examples.notifications().values().stream()
        .map(body -> new JsonObject(body).getString("name")).collect(Collectors.toSet());
    assertThat(exampleNames).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
  }

  @Test
  void anUnknownEventNameAndUnknownFieldsAreAccepted() {
    String future = new JsonObject(Examples.read("slot-booked.json"))
        .put("name", "waiting-list-joined")
        .put("schema_version", 71)
        .encode();
    assertThat(Schemas.errors(Schemas.NOTIFICATION, future)).isEmpty();
  }

  @Test
  void whatIsNotANotificationIsRefused() {
    JsonObject slotBooked = new JsonObject(Examples.read("slot-booked.json"));
    assertThat(Schemas.errors(Schemas.NOTIFICATION, slotBooked.copy().put("name", "").encode())).isNotEmpty();
    assertThat(Schemas.errors(Schemas.NOTIFICATION, slotBooked.copy().put("data", "x").encode())).isNotEmpty();
    JsonObject withoutCreatedAt = slotBooked.copy();
    withoutCreatedAt.remove("created_at");
    assertThat(Schemas.errors(Schemas.NOTIFICATION, withoutCreatedAt.encode())).isNotEmpty();
    // the per-name data schema applies: a slot-booked without its visit, or with a numeric id, is refused
    JsonObject noVisit = slotBooked.copy();
    noVisit.getJsonObject("data").remove("visit_booking");
    assertThat(Schemas.errors(Schemas.NOTIFICATION, noVisit.encode())).isNotEmpty();
    JsonObject numericId = slotBooked.copy();
    numericId.getJsonObject("data").getJsonObject("visit_booking").put("id", 6263715);
    assertThat(Schemas.errors(Schemas.NOTIFICATION, numericId.encode())).isNotEmpty();
  }
}
