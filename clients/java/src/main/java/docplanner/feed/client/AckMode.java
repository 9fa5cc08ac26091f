package docplanner.feed.client;

/** Who acknowledges group deliveries. */
public enum AckMode {
  /** The client: an ack after the handler returns normally, a nack when it throws. */
  AUTO,
  /** The handler, through the {@link Ack} it is given. */
  MANUAL
}
