package docplanner.gateway.feed.group;

/**
 * What the groups of a feed instance tell the rest of it: group consumers count as subscribers
 * (the stream reader must keep waking the instance for them, and they are in the subscriber
 * metrics), and slow ones cut off are counted like any other.
 */
public interface GroupHost {

  /** A group consumer connected over {@code protocol} ("sse" or "ws"). */
  void consumerJoined(String protocol);

  void consumerLeft(String protocol);

  /** A group consumer was cut off as too slow (more than feed.max-buffer queued). */
  void consumerCutOff(String protocol);
}
