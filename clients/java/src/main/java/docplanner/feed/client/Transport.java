package docplanner.feed.client;

/** How the client subscribes. Both carry the same envelopes. */
public enum Transport {
  /** {@code GET /events}, Server-Sent Events; group acks are {@code POST /events/ack}. */
  SSE,
  /** {@code GET /events/ws}, one JSON text message per event; group acks are frames on the socket. */
  WEBSOCKET
}
