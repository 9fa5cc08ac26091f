package docplanner.gateway.sandbox;

import docplanner.gateway.event.EventNames;
import docplanner.gateway.event.Notification;
import docplanner.gateway.ingest.NotificationParser;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventGeneratorTest {

  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  /** What each type carries in data beyond facility, doctor and address (from the contract). */
  static final Map<String, List<String>> DATA = Map.ofEntries(
      Map.entry("slot-booking", List.of("visit_booking_request")),
      Map.entry("booking-moving", List.of("canceling_booking", "creating_booking")),
      Map.entry("slot-booked", List.of("visit_booking")),
      Map.entry("booking-canceled", List.of("visit_booking")),
      Map.entry("booking-moved", List.of("old_visit_booking", "new_visit_booking")),
      Map.entry("booking-confirmed", List.of("visit_booking")),
      Map.entry("booking-payment-status-changed", List.of("visit_booking", "visit_payment_status")),
      Map.entry("break-created", List.of("break")),
      Map.entry("break-moved", List.of("break")),
      Map.entry("break-removed", List.of("break")),
      Map.entry("presence-marked", List.of("visit_booking", "presence")),
      Map.entry("address-service-created", List.of("address_service")),
      Map.entry("address-service-changed", List.of("address_service")),
      Map.entry("address-service-deleted", List.of("address_service")),
      Map.entry("address-commercial-type-changed", List.of()),
      Map.entry("address-assigned", List.of()),
      Map.entry("address-unassigned", List.of()));

  static EventGenerator generator(long seed, double share) {
    return new EventGenerator(seed, SandboxClock.fixedAt(NOW), share);
  }

  @Test
  void theFirstSeventeenEventsAreOneOfEachType() {
    EventGenerator generator = generator(7, 0);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      names.add(generator.next().name());
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
  }

  @Test
  void withDuplicatesTheFirstSeventeenOriginalsAreStillOneOfEachType() {
    EventGenerator generator = generator(7, 0.5);
    List<String> originals = new ArrayList<>();
    while (originals.size() < 17) {
      EventGenerator.Generated generated = generator.next();
      if (!generated.duplicate()) {
        originals.add(generated.name());
      }
    }
    assertThat(originals).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
  }

  @Test
  void everyEventHasTheEnvelopeAndTheDataOfItsTypeAndPassesTheGatewaysParser() {
    EventGenerator generator = generator(11, 0);
    NotificationParser parser = new NotificationParser();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      EventGenerator.Generated generated = generator.next();
      JsonObject event = new JsonObject(generated.body());
      String name = event.getString("name");
      seen.add(name);
      assertThat(name).isEqualTo(generated.name()).isIn(EventNames.KNOWN);
      OffsetDateTime created = OffsetDateTime.parse(event.getString("created_at"));
      assertThat(created.toInstant()).isEqualTo(NOW);
      assertThat(event.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0[12]:00");
      JsonObject data = event.getJsonObject("data");
      for (String entity : List.of("facility", "doctor", "address")) {
        assertThat(data.getJsonObject(entity).getString("id")).as(name + " " + entity).matches("\\d{4,7}");
      }
      assertThat(data.getJsonObject("doctor").getString("surname")).isNotBlank();
      for (String key : DATA.get(name)) {
        assertThat(data.containsKey(key)).as(name + " has " + key).isTrue();
      }
      if (name.startsWith("address-") && !name.startsWith("address-service")) {
        assertThat(data.getJsonObject("address").getString("commercial_type")).isNotBlank();
      }
      Notification parsed = parser.parse(generated.body());
      assertThat(parsed.name()).isEqualTo(name);
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
  }

  @Test
  void bookingIdsAreNeverRepeatedExceptInExactDuplicates() {
    EventGenerator generator = generator(13, 0.2);
    Set<String> bookingIds = new HashSet<>();
    Set<String> breakIds = new HashSet<>();
    List<String> originals = new ArrayList<>();
    int duplicates = 0;
    for (int i = 0; i < 5_000; i++) {
      EventGenerator.Generated generated = generator.next();
      String body = generated.body().toString();
      if (generated.duplicate()) {
        duplicates++;
        assertThat(originals).contains(body);
        continue;
      }
      originals.add(body);
      JsonObject data = new JsonObject(body).getJsonObject("data");
      for (String key : List.of("visit_booking", "old_visit_booking", "new_visit_booking", "canceling_booking")) {
        JsonObject booking = data.getJsonObject(key);
        if (booking != null) {
          assertThat(bookingIds.add(booking.getString("id"))).as("booking id " + booking.getString("id")).isTrue();
        }
      }
      if (data.containsKey("break")) {
        assertThat(breakIds.add(data.getJsonObject("break").getString("id"))).isTrue();
      }
    }
    assertThat(duplicates).isEqualTo(1_000);
    assertThat(new HashSet<>(originals)).as("only duplicates repeat a body").hasSameSizeAs(originals);
    assertThat(bookingIds).hasSizeGreaterThan(2_000);
  }

  @Test
  void theDuplicateShareIsExactAndChangeable() {
    EventGenerator generator = generator(17, 0.25);
    assertThat(count(generator, 1_000)).isEqualTo(250);
    generator.duplicateShare(0);
    assertThat(count(generator, 1_000)).isZero();
    generator.duplicateShare(1);
    assertThat(count(generator, 10)).isEqualTo(10);
  }

  private static int count(EventGenerator generator, int events) {
    int duplicates = 0;
    for (int i = 0; i < events; i++) {
      duplicates += generator.next().duplicate() ? 1 : 0;
    }
    return duplicates;
  }

  @Test
  void theSameSeedGivesTheSameSequence() {
    EventGenerator a = generator(99, 0.1);
    EventGenerator b = generator(99, 0.1);
    for (int i = 0; i < 200; i++) {
      assertThat(a.next().body()).isEqualTo(b.next().body());
    }
  }
}
