package docplanner.gateway.support;

/** Realistic notification bodies built for tests (distinct by booking id). */
public final class Notifications {

  private Notifications() {
  }

  /** A slot-booked notification (~0.9 KB) shaped like the upstream's example. */
  public static String slotBooked(String bookingId, String facilityId, String doctorId) {
    return "{\"name\":\"slot-booked\",\"data\":{\"facility\":{\"id\":\"" + facilityId + "\",\"name\":\"Centrum Medyczne Zdrowie\"},"
        + "\"doctor\":{\"id\":\"" + doctorId + "\",\"name\":\"Anna\",\"surname\":\"Kowalska\"},"
        + "\"address\":{\"id\":\"4421\",\"name\":\"ul. Marszałkowska 10, Warszawa\",\"city_name\":\"Warszawa\","
        + "\"post_code\":\"00-590\",\"street\":\"Marszałkowska 10\"},"
        + "\"visit_booking\":{\"id\":\"" + bookingId + "\",\"status\":\"booked\",\"start_at\":\"2026-12-03T10:30:00+01:00\","
        + "\"end_at\":\"2026-12-03T10:50:00+01:00\",\"duration\":20,\"booked_by\":\"patient\",\"booked_at\":\"2026-11-28T09:12:44+01:00\","
        + "\"canceled_by\":null,\"canceled_at\":null,\"comment\":\"Kontrola po zabiegu\","
        + "\"patient\":{\"name\":\"Jan\",\"surname\":\"Nowak\",\"email\":\"jan.nowak@example.com\",\"phone\":\"+48 600 100 200\","
        + "\"birth_date\":\"1984-05-17\",\"nin\":\"84051712345\",\"gender\":\"m\",\"is_returning\":true},"
        + "\"address_service\":{\"id\":\"99812\",\"name\":\"Konsultacja kardiologiczna\",\"price\":250,\"is_price_from\":false},"
        + "\"insurance\":null}},\"created_at\":\"2026-11-28T09:12:45+01:00\"}";
  }
}
