package docplanner.feed.client;

/** Handles one event. Calls come one at a time, in delivery order, on the client's thread. */
@FunctionalInterface
public interface EventHandler {

  /**
   * Handles {@code event}. Returning normally means handled: the checkpoint moves past it
   * (broadcast) or it is acknowledged ({@link AckMode#AUTO}). Throwing means not handled: a group
   * delivery is nacked (delivered again), a broadcast subscription reconnects after its last
   * checkpoint and gets it again.
   */
  void handle(FeedEvent event, Ack ack) throws Exception;
}
