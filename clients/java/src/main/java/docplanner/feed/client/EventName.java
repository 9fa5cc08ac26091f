package docplanner.feed.client;

import java.util.HashMap;
import java.util.Map;

/**
 * The 17 notification names of the Docplanner Integrations API v3, as the feed's {@code name}.
 * A name this version does not know (one Docplanner adds later) is {@link #UNKNOWN}: the event
 * still arrives, with its name in {@link FeedEvent#name()}.
 */
public enum EventName {
  SLOT_BOOKING("slot-booking"),
  BOOKING_MOVING("booking-moving"),
  SLOT_BOOKED("slot-booked"),
  BOOKING_CANCELED("booking-canceled"),
  BOOKING_MOVED("booking-moved"),
  BOOKING_CONFIRMED("booking-confirmed"),
  BOOKING_PAYMENT_STATUS_CHANGED("booking-payment-status-changed"),
  BREAK_CREATED("break-created"),
  BREAK_MOVED("break-moved"),
  BREAK_REMOVED("break-removed"),
  PRESENCE_MARKED("presence-marked"),
  ADDRESS_SERVICE_CREATED("address-service-created"),
  ADDRESS_SERVICE_CHANGED("address-service-changed"),
  ADDRESS_SERVICE_DELETED("address-service-deleted"),
  ADDRESS_COMMERCIAL_TYPE_CHANGED("address-commercial-type-changed"),
  ADDRESS_ASSIGNED("address-assigned"),
  ADDRESS_UNASSIGNED("address-unassigned"),
  /** A name not listed above. */
  UNKNOWN(null);

  private static final Map<String, EventName> BY_WIRE = new HashMap<>();

  static {
    for (EventName name : values()) {
      if (name.wire != null) {
        BY_WIRE.put(name.wire, name);
      }
    }
  }

  private final String wire;

  EventName(String wire) {
    this.wire = wire;
  }

  /** The name as the feed spells it ({@code slot-booked}); {@code null} for {@link #UNKNOWN}. */
  public String wire() {
    return wire;
  }

  /** The constant for a feed name; {@link #UNKNOWN} for any other name (never an exception). */
  public static EventName of(String wire) {
    return BY_WIRE.getOrDefault(wire, UNKNOWN);
  }
}
