package docplanner.gateway.config;

import java.time.Duration;
import java.util.Map;

/** How the two blocking events (approval gates) are answered. */
public record ApprovalSettings(Map<String, Gate> gates, int denyStatus) {

  /** The events whose answer approves or denies a patient's booking. */
  public static final String SLOT_BOOKING = "slot-booking";
  public static final String BOOKING_MOVING = "booking-moving";

  /** approve: 200 once stored; deny: always deny; delegate: ask an internal approver. */
  public enum Policy { APPROVE, DENY, DELEGATE }

  /** What a delegate falls back to when the approver is slow or failing. */
  public enum Fallback { APPROVE, DENY }

  /** One gate's policy. */
  public record Gate(Policy policy, String url, Duration timeout, Fallback fallback) {
  }

  static ApprovalSettings from(ConfigValues v) {
    int denyStatus = v.integer("approval.deny-status", 300, 599);
    return new ApprovalSettings(Map.of(SLOT_BOOKING, gate(v, SLOT_BOOKING), BOOKING_MOVING, gate(v, BOOKING_MOVING)),
        denyStatus);
  }

  private static Gate gate(ConfigValues v, String event) {
    String prefix = "approval." + event + ".";
    Policy policy = v.choice(prefix + "policy", Policy.class);
    String url = v.string(prefix + "url");
    if (policy == Policy.DELEGATE && !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw ConfigValues.bad(prefix + "url", url, "an http(s) URL of the approver (policy is delegate)");
    }
    return new Gate(policy, url, v.positiveDuration(prefix + "timeout"), v.choice(prefix + "fallback", Fallback.class));
  }

  /** The gate for {@code eventName}, or null when the event is not blocking. */
  public Gate gate(String eventName) {
    return gates.get(eventName);
  }
}
