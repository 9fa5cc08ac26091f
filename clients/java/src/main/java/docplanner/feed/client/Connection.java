package docplanner.feed.client;

/** One subscription over one transport, from connect to its end. */
interface Connection {

  /** What a connection hands to the client. */
  interface Sink {
    /** The gateway accepted the subscription. */
    void opened();

    /** Bytes arrived (an event, a heartbeat): the connection is alive. */
    void activity();

    /** One JSON message (an envelope, or a control message with a {@code type}). */
    void message(String json) throws Exception;
  }

  /** Connects and hands every message to {@code sink}; returns when the gateway ends the feed, throws when it fails. */
  void run(Sink sink) throws Exception;

  /** Settles a group delivery over this connection ({@code verb}: ack or nack); false when it cannot. */
  boolean settle(String verb, String id);

  /** Ends the connection from another thread. */
  void abort();
}
