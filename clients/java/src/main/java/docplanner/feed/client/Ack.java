package docplanner.feed.client;

/**
 * Settles one group delivery. Only the first call counts; later ones do nothing. With
 * {@link AckMode#AUTO} the client settles for you (ack when the handler returns, nack when it
 * throws) unless the handler already did; with {@link AckMode#MANUAL} call it yourself, from any
 * thread, at any time (an event never settled is redelivered after the group's visibility
 * timeout). On a broadcast subscription both do nothing.
 */
public interface Ack {

  /** Done with it: the group will not deliver it again. */
  void ack();

  /** Not handled: deliver it again now (to a live consumer of the group, possibly this one). */
  void nack();

  /** Whether {@link #ack()} or {@link #nack()} was called. */
  boolean settled();
}
