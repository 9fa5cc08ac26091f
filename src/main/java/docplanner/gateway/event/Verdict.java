package docplanner.gateway.event;

/**
 * The answer given to a blocking event (slot-booking, booking-moving): whether the patient's
 * booking was approved, who decided, and the error code passed to Docplanner on a denial.
 */
public record Verdict(boolean approved, DecidedBy decidedBy, int errorCode) {

  /**
   * Who decided: the configured policy, the internal approver, the fallback after it failed, or
   * the store's deadline (Redis stored the event only after the push had been answered 503).
   */
  public enum DecidedBy {
    POLICY("policy"), APPROVER("approver"), FALLBACK("fallback"), TIMEOUT("timeout");

    private final String wire;

    DecidedBy(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static DecidedBy fromWire(String value) {
      for (DecidedBy by : values()) {
        if (by.wire.equals(value)) {
          return by;
        }
      }
      return POLICY;
    }
  }

  public static Verdict approve(DecidedBy by) {
    return new Verdict(true, by, 0);
  }

  public static Verdict deny(DecidedBy by, int errorCode) {
    return new Verdict(false, by, errorCode);
  }

  public String decision() {
    return approved ? "approved" : "denied";
  }

  /** Compact form kept in Redis next to the event: {@code approved:policy} or {@code denied:approver:1}. */
  public String encode() {
    return approved ? "approved:" + decidedBy.wire : "denied:" + decidedBy.wire + ":" + errorCode;
  }

  /** Reverses {@link #encode()}; null for an empty or foreign value. */
  public static Verdict decode(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return null;
    }
    String[] parts = encoded.split(":");
    DecidedBy by = DecidedBy.fromWire(parts.length > 1 ? parts[1] : "");
    if (parts[0].equals("approved")) {
      return approve(by);
    }
    int code = 1;
    if (parts.length > 2) {
      try {
        code = Integer.parseInt(parts[2]);
      } catch (NumberFormatException ignored) {
        // keep the default error code
      }
    }
    return deny(by, code);
  }
}
