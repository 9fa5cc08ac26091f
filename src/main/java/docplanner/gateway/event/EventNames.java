package docplanner.gateway.event;

import java.util.List;
import java.util.Set;

/** The 17 notification names of the Integrations API v3 contract. Others are accepted and passed through too. */
public final class EventNames {

  public static final List<String> KNOWN = List.of(
      "slot-booking", "booking-moving",
      "slot-booked", "booking-canceled", "booking-moved", "booking-confirmed", "booking-payment-status-changed",
      "break-created", "break-moved", "break-removed",
      "presence-marked",
      "address-service-created", "address-service-changed", "address-service-deleted",
      "address-commercial-type-changed", "address-assigned", "address-unassigned");

  private static final Set<String> KNOWN_SET = Set.copyOf(KNOWN);

  private EventNames() {
  }

  /** The name as a metrics label: known names as they are, anything else as "other" (bounded cardinality). */
  public static String label(String name) {
    return KNOWN_SET.contains(name) ? name : "other";
  }
}
