package docplanner.gateway.e2e;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Realistic, unique slot-booked notifications (about 1 KB, the shape of the contract's example):
 * every body has its own booking id, patient and times, so none is a duplicate of another.
 */
public final class SlotBookedEvents {

  private static final String[] FIRST = {"Anna", "Piotr", "Katarzyna", "Tomasz", "Maria", "Jan", "Zofia", "Marek",
      "Agnieszka", "Pawel", "Ewa", "Krzysztof", "Magdalena", "Michal", "Joanna", "Andrzej"};
  private static final String[] LAST = {"Nowak", "Kowalski", "Wisniewska", "Wojcik", "Kowalczyk", "Kaminski",
      "Lewandowska", "Zielinski", "Szymanska", "Wozniak", "Dabrowski", "Kozlowska"};
  private static final String[] SERVICES = {"konsultacja kardiologiczna", "USG jamy brzusznej", "biopsja nerki",
      "wizyta kontrolna", "konsultacja dermatologiczna", "EKG spoczynkowe"};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+01:00'");

  private final Random random;
  private final long runId;

  public SlotBookedEvents(long seed) {
    this.random = new Random(seed);
    this.runId = seed % 1_000_000;
  }

  /** The {@code n}-th event of this run (n is unique per body). */
  public synchronized String body(int n) {
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    int facility = 1 + random.nextInt(5);
    int doctor = 100 + random.nextInt(40);
    LocalDateTime start = LocalDateTime.of(2026, 12, 1, 8, 0).plusMinutes(15L * random.nextInt(4_000));
    LocalDateTime booked = LocalDateTime.of(2026, 11, 28, 7, 0).plusSeconds(n);
    return "{\"name\":\"slot-booked\",\"data\":{"
        + "\"facility\":{\"id\":\"" + facility + "\",\"name\":\"Centrum Medyczne " + facility + "\"},"
        + "\"doctor\":{\"id\":\"" + doctor + "\",\"name\":\"Lekarz\",\"surname\":\"Numer " + doctor + "\"},"
        + "\"address\":{\"id\":\"" + (1000 + facility) + "\",\"name\":\"Przychodnia\",\"street\":\"ul. Zdrowa "
        + facility + "\",\"post_code\":\"00-" + (100 + facility) + "\"},"
        + "\"visit_booking\":{\"id\":\"e2e-" + runId + "-" + n + "\",\"status\":\"booked\","
        + "\"start_at\":\"" + TIME.format(start) + "\",\"end_at\":\"" + TIME.format(start.plusMinutes(30)) + "\","
        + "\"duration\":30,\"booked_by\":\"user\",\"canceled_by\":\"\",\"booked_at\":\"" + TIME.format(booked) + "\","
        + "\"address_service\":{\"id\":\"" + (240_000 + random.nextInt(1000)) + "\",\"name\":\""
        + SERVICES[random.nextInt(SERVICES.length)] + "\",\"price\":" + (50 + 10 * random.nextInt(30))
        + ",\"is_price_from\":false,\"is_visible\":true},"
        + "\"patient\":{\"name\":\"" + first + "\",\"surname\":\"" + last + "\",\"email\":\""
        + first.toLowerCase() + "." + last.toLowerCase() + n + "@example.com\",\"phone\":\"+48" + (500_000_000 + random.nextInt(99_999_999))
        + "\",\"birth_date\":\"19" + (40 + random.nextInt(60)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)
        + "\",\"nin\":\"" + (10_000_000_000L + (long) (random.nextDouble() * 89_999_999_999L)) + "\",\"gender\":\""
        + (random.nextBoolean() ? "f" : "m") + "\",\"insurance_number\":\"CARD-" + random.nextInt(9_999_999) + "\"},"
        + "\"comment\":\"Pierwsza wizyta\",\"insurance\":{\"id\":\"1\",\"name\":\"NFZ\",\"plan\":\"\",\"plan_id\":\"\"}}},"
        + "\"created_at\":\"" + TIME.format(booked) + "\"}";
  }
}
