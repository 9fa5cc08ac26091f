package docplanner.gateway.event;

/** How a notification reached the gateway. */
public enum Source {
  PUSH("push"), PULL("pull");

  private final String wire;

  Source(String wire) {
    this.wire = wire;
  }

  /** The value in the stream entry and in the feed envelope. */
  public String wire() {
    return wire;
  }

  public static Source fromWire(String value) {
    return "pull".equals(value) ? PULL : PUSH;
  }
}
