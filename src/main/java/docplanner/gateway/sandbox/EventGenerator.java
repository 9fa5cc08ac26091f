package docplanner.gateway.sandbox;

import docplanner.gateway.event.EventNames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Realistic notifications of all 17 types, shaped like the contract's examples: a small roster of
 * facilities, addresses, doctors and services per marketplace (so ids repeat the way they do for a
 * real client), new patients, visit times in working hours, dates with the marketplace's offset.
 * Every booking id and break id is new (ids only grow), except in an exact duplicate: a share
 * {@code duplicateShare} of the events are byte-for-byte repeats of an earlier one, as retries,
 * release and pull-plus-push produce them. The first 17 events are one of each type, so a quick
 * start shows them all at once. Not thread-safe: one per event loop.
 */
final class EventGenerator {

  /** One generated body, its name, and whether it repeats an earlier one. */
  record Generated(String name, Buffer body, boolean duplicate) {
  }

  private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final int RECENT = 256;
  private static final int RECENT_BODIES = 4096;
  private static final List<String> COMMERCIAL_TYPES = List.of("premium", "plus", "free");

  /** How often each type occurs after the first 17 (bookings dominate, as they do in practice). */
  private static final List<String> WEIGHTED = weighted(
      "slot-booked", 20, "booking-canceled", 8, "booking-confirmed", 6, "slot-booking", 6, "presence-marked", 6,
      "booking-moved", 5, "booking-payment-status-changed", 4, "break-created", 4, "booking-moving", 3,
      "break-moved", 2, "break-removed", 2, "address-service-created", 1, "address-service-changed", 1,
      "address-service-deleted", 1, "address-commercial-type-changed", 1, "address-assigned", 1,
      "address-unassigned", 1);

  private record Service(String id, String name, int price, boolean priceFrom, String serviceId) {
  }

  private record Address(String id, String name, String street, String postCode, List<Service> services) {
  }

  private record Doctor(String id, String name, String surname) {
  }

  private record Facility(String id, String name, Marketplace market, List<Address> addresses, List<Doctor> doctors) {
  }

  private final Random random;
  private final SandboxClock clock;
  private final List<Facility> facilities = new ArrayList<>();
  private final List<String> firstRound = new ArrayList<>(EventNames.KNOWN);
  private final List<Generated> recent = new ArrayList<>();
  private final Set<Integer> recentBodies = new LinkedHashSet<>();
  private double duplicateShare;
  private long emitted;
  private long duplicates;
  private long nextBookingId;
  private long nextBreakId;
  private long nextServiceId;

  EventGenerator(long seed, SandboxClock clock, double duplicateShare) {
    this.random = seed == 0 ? new Random() : new Random(seed);
    this.clock = clock;
    this.duplicateShare = duplicateShare;
    this.nextBookingId = 10_000_000L + random.nextInt(10_000_000);
    this.nextBreakId = 2_000_000L + random.nextInt(1_000_000);
    this.nextServiceId = 300_000L + random.nextInt(100_000);
    Collections.shuffle(firstRound, random);
    for (Marketplace market : Marketplace.values()) {
      for (int i = 0; i < 2; i++) {
        facilities.add(facility(market));
      }
    }
  }

  /** The next 17 events are again one of each type, and none repeats an earlier one (after a reset). */
  void startOver() {
    firstRound.clear();
    firstRound.addAll(EventNames.KNOWN);
    Collections.shuffle(firstRound, random);
    recent.clear();
    emitted = 0;
    duplicates = 0;
  }

  void duplicateShare(double share) {
    this.duplicateShare = share;
    emitted = 0;
    duplicates = 0;
  }

  double duplicateShare() {
    return duplicateShare;
  }

  Generated next() {
    // An exact share: after n events, floor(n * share) of them are repeats (none before there is
    // something to repeat).
    emitted++;
    // The epsilon keeps 10 x 0.1 from coming out as 0.9999999 and losing a duplicate.
    if (duplicates < Math.floor(emitted * duplicateShare + 1e-9) && !recent.isEmpty()) {
      duplicates++;
      Generated original = recent.get(random.nextInt(recent.size()));
      return new Generated(original.name(), original.body(), true);
    }
    String name = firstRound.isEmpty() ? WEIGHTED.get(random.nextInt(WEIGHTED.size())) : firstRound.remove(0);
    Buffer body = event(name).toBuffer();
    // Events without a fresh id (address ones) can come out identical within a second; only the
    // duplicate share may repeat a body, so draw again.
    for (int tries = 0; tries < 20 && !recentBodies.add(body.toString().hashCode()); tries++) {
      body = event(name).toBuffer();
    }
    if (recentBodies.size() > RECENT_BODIES) {
      Iterator<Integer> oldest = recentBodies.iterator();
      oldest.next();
      oldest.remove();
    }
    Generated generated = new Generated(name, body, false);
    if (recent.size() >= RECENT) {
      recent.remove(random.nextInt(RECENT));
    }
    recent.add(generated);
    return generated;
  }

  /** A fresh event of type {@code name} (one of the 17). */
  JsonObject event(String name) {
    Facility facility = facilities.get(random.nextInt(facilities.size()));
    Address address = facility.addresses.get(random.nextInt(facility.addresses.size()));
    Doctor doctor = facility.doctors.get(random.nextInt(facility.doctors.size()));
    ZonedDateTime now = clock.now().atZone(facility.market.zone).truncatedTo(ChronoUnit.SECONDS);
    JsonObject data = new JsonObject()
        .put("facility", new JsonObject().put("id", facility.id).put("name", facility.name))
        .put("doctor", new JsonObject().put("id", doctor.id).put("name", doctor.name).put("surname", doctor.surname))
        .put("address", address(address));
    Service service = address.services.get(random.nextInt(address.services.size()));
    Marketplace market = facility.market;
    switch (name) {
      case "slot-booking" -> data.put("visit_booking_request", bookingRequest(market, service, now));
      case "booking-moving" -> {
        ZonedDateTime oldStart = visitStart(now);
        data.put("canceling_booking", new JsonObject()
            .put("id", bookingId())
            .put("start_at", time(oldStart))
            .put("end_at", time(oldStart.plusMinutes(30)))
            .put("duration", 30)
            .put("booked_by", "user")
            .put("canceling_by", random.nextBoolean() ? "doctor" : "user")
            .put("booked_at", time(now.minusDays(1 + random.nextInt(10))))
            .put("canceling_at", time(now.minusSeconds(random.nextInt(30))))
            .put("address_service", bookedService(service)));
        ZonedDateTime newStart = visitStart(now);
        data.put("creating_booking", new JsonObject()
            .put("start_at", time(newStart))
            .put("end_at", time(newStart.plusMinutes(30)))
            .put("duration", 30)
            .put("booking_by", random.nextBoolean() ? "doctor" : "user")
            .put("booking_at", time(now.minusSeconds(random.nextInt(30))))
            .put("address_service", bookedService(service))
            .put("signature", signature()));
      }
      case "slot-booked" -> data.put("visit_booking", slotBooked(market, service, now));
      case "booking-confirmed" -> data.put("visit_booking",
          visit(market, service, now, visitStart(now)).put("comment", comment(market)));
      case "booking-canceled" -> data.put("visit_booking", canceled(market, service, now));
      case "booking-moved" -> {
        JsonObject old = canceled(market, service, now);
        JsonObject moved = visit(market, service, now, visitStart(now))
            .put("booked_by", random.nextBoolean() ? "doctor" : "user")
            .put("patient", old.getJsonObject("patient").copy());
        data.put("old_visit_booking", old).put("new_visit_booking", moved);
      }
      case "booking-payment-status-changed" -> {
        boolean refund = random.nextInt(5) == 0;
        JsonObject visit = visit(market, null, now, visitStart(now));
        visit.remove("address_service");
        visit.put("comment", comment(market)).putNull("canceled_at").put("signature", signature());
        data.put("visit_booking", visit).put("visit_payment_status", new JsonObject()
            .put("status_from", refund ? "paid" : "not-paid")
            .put("status_to", refund ? "refunded" : "paid")
            .put("changed_at", time(now.minusSeconds(random.nextInt(20)))));
      }
      case "presence-marked" -> {
        ZonedDateTime start = now.truncatedTo(ChronoUnit.HOURS).minusHours(1 + random.nextInt(5));
        JsonObject visit = visit(market, null, start.minusDays(7), start);
        visit.remove("address_service");
        visit.getJsonObject("patient").put("is_returning", random.nextBoolean());
        visit.put("signature", signature());
        data.put("visit_booking", visit).put("presence", random.nextInt(4) == 0 ? "ABSENT" : "PRESENT");
      }
      case "break-created", "break-moved", "break-removed" -> {
        ZonedDateTime since = visitStart(now);
        data.put("break", new JsonObject()
            .put("id", Long.toString(nextBreakId += 1 + random.nextInt(20)))
            .put("since", time(since))
            .put("till", time(since.plusMinutes(30L * (1 + random.nextInt(6))))));
      }
      case "address-service-created" -> data.put("address_service",
          addressService(new Service(Long.toString(nextServiceId += 1 + random.nextInt(10)),
              Marketplace.pick(random, market.services), market.price(random), random.nextBoolean(),
              Integer.toString(1 + random.nextInt(3000)))));
      case "address-service-changed", "address-service-deleted" -> data.put("address_service", addressService(service));
      case "address-commercial-type-changed", "address-assigned", "address-unassigned" ->
          data.getJsonObject("address").put("commercial_type", Marketplace.pick(random, COMMERCIAL_TYPES));
      default -> throw new IllegalArgumentException("not one of the 17 event names: " + name);
    }
    return new JsonObject().put("name", name).put("data", data).put("created_at", time(now));
  }

  private JsonObject bookingRequest(Marketplace market, Service service, ZonedDateTime now) {
    ZonedDateTime start = visitStart(now);
    int duration = duration();
    JsonObject request = new JsonObject()
        .put("booking_at", time(now.minusSeconds(random.nextInt(20))))
        .put("booking_by", "user")
        .put("duration", duration)
        .put("start_at", time(start))
        .put("end_at", time(start.plusMinutes(duration)))
        .put("address_service", bookedService(service))
        .put("patient", patient(market, now.toLocalDate()));
    if (random.nextBoolean()) {
      request.put("comment", comment(market));
    }
    if (random.nextInt(4) == 0) {
      request.put("visit_payment", true);
    }
    return request;
  }

  private JsonObject slotBooked(Marketplace market, Service service, ZonedDateTime now) {
    JsonObject visit = visit(market, service, now, visitStart(now));
    if (random.nextInt(5) == 0) {
      visit.put("booked_by", "doctor");
    }
    if (random.nextBoolean()) {
      visit.put("comment", comment(market));
    }
    switch (random.nextInt(6)) {
      case 0 -> visit.put("insurance", new JsonObject().put("id", Integer.toString(1 + random.nextInt(40)))
          .put("name", insurer(market)).put("plan", "").put("plan_id", ""));
      case 1 -> visit.put("videocall_url", "https://video.example.com/room/" + signature());
      case 2 -> visit.put("visit_payment", true);
      default -> {
      }
    }
    return visit;
  }

  private JsonObject canceled(Marketplace market, Service service, ZonedDateTime now) {
    return visit(market, service, now.minusDays(1 + random.nextInt(14)), visitStart(now))
        .put("status", "canceled")
        .put("canceled_by", random.nextInt(3) == 0 ? "doctor" : "user")
        .put("canceled_at", time(now.minusSeconds(random.nextInt(40))));
  }

  /** A booked visit with a new booking id; {@code bookedAt} is when the patient booked it. */
  private JsonObject visit(Marketplace market, Service service, ZonedDateTime bookedAt, ZonedDateTime start) {
    int duration = duration();
    JsonObject visit = new JsonObject()
        .put("id", bookingId())
        .put("status", "booked")
        .put("start_at", time(start))
        .put("end_at", time(start.plusMinutes(duration)))
        .put("duration", duration)
        .put("booked_by", "user")
        .put("canceled_by", "")
        .put("booked_at", time(bookedAt.minusSeconds(random.nextInt(60))));
    if (service != null) {
      visit.put("address_service", bookedService(service));
    }
    return visit.put("patient", patient(market, bookedAt.toLocalDate()));
  }

  private JsonObject patient(Marketplace market, LocalDate today) {
    Marketplace.Person person = market.person(random, today);
    return new JsonObject()
        .put("name", person.name())
        .put("surname", person.surname())
        .put("email", Marketplace.email(person))
        .put("phone", market.phone(random))
        .put("birth_date", person.birthDate().toString())
        .put("nin", market.nationalId(random, person))
        .put("gender", person.gender())
        .put("insurance_number", "CARD-" + Marketplace.digits(random, 7));
  }

  /** A UUID-shaped signature from the seeded random (so a seed repeats the whole sequence). */
  private String signature() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String bookingId() {
    nextBookingId += 1 + random.nextInt(40);
    return Long.toString(nextBookingId);
  }

  /** A visit start 1 to 30 days ahead, on a quarter hour between 8:00 and 17:45 local time. */
  private ZonedDateTime visitStart(ZonedDateTime now) {
    return now.plusDays(1 + random.nextInt(30)).truncatedTo(ChronoUnit.DAYS)
        .withHour(8 + random.nextInt(10)).withMinute(15 * random.nextInt(4));
  }

  private int duration() {
    return new int[] {15, 20, 30, 30, 30, 45, 60}[random.nextInt(7)];
  }

  private static JsonObject bookedService(Service s) {
    return new JsonObject().put("id", s.id).put("name", s.name).put("price", s.price)
        .put("is_price_from", s.priceFrom).put("is_visible", true);
  }

  private JsonObject addressService(Service s) {
    return new JsonObject().put("id", s.id).put("name", s.name).put("price", s.price)
        .put("is_price_from", s.priceFrom).put("is_default", random.nextInt(4) == 0)
        .put("description", s.name).put("service_id", s.serviceId).put("is_visible", random.nextInt(10) != 0);
  }

  private static JsonObject address(Address a) {
    return new JsonObject().put("id", a.id).put("name", a.name).put("street", a.street).put("post_code", a.postCode);
  }

  private String comment(Marketplace market) {
    return switch (market) {
      case POLAND -> Marketplace.pick(random, List.of("Proszę o kontakt przed wizytą.", "Pierwsza wizyta.",
          "Wizyta kontrolna po zabiegu."));
      case SPAIN -> Marketplace.pick(random, List.of("Primera consulta.", "Revisión de resultados.",
          "Por favor, llamar antes de la cita."));
      case ITALY -> Marketplace.pick(random, List.of("Prima visita.", "Controllo degli esami.",
          "Si prega di chiamare prima dell'appuntamento."));
    };
  }

  private String insurer(Marketplace market) {
    return switch (market) {
      case POLAND -> Marketplace.pick(random, List.of("Medicover", "Signal Iduna", "PZU Zdrowie"));
      case SPAIN -> Marketplace.pick(random, List.of("Sanitas", "Adeslas", "DKV"));
      case ITALY -> Marketplace.pick(random, List.of("UniSalute", "Generali", "Allianz"));
    };
  }

  private Facility facility(Marketplace market) {
    String id = Integer.toString(1_000 + random.nextInt(300_000));
    String name = Marketplace.pick(random, market.facilityNames);
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<Service> services = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        services.add(new Service(Integer.toString(100_000 + random.nextInt(200_000)),
            Marketplace.pick(random, market.services), market.price(random), random.nextInt(4) == 0,
            Integer.toString(1 + random.nextInt(3000))));
      }
      addresses.add(new Address(Integer.toString(100_000 + random.nextInt(900_000)), name,
          Marketplace.pick(random, market.streets) + " " + (1 + random.nextInt(150)), market.postCode(random),
          services));
    }
    List<Doctor> doctors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Marketplace.Person person = market.person(random, LocalDate.of(1990, 1, 1));
      doctors.add(new Doctor(Integer.toString(10_000 + random.nextInt(990_000)), person.name(), person.surname()));
    }
    return new Facility(id, name, market, addresses, doctors);
  }

  private static String time(ZonedDateTime t) {
    return WIRE_TIME.format(t);
  }

  private static List<String> weighted(Object... nameWeightPairs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nameWeightPairs.length; i += 2) {
      for (int w = 0; w < (Integer) nameWeightPairs[i + 1]; w++) {
        out.add((String) nameWeightPairs[i]);
      }
    }
    return List.copyOf(out);
  }
}
