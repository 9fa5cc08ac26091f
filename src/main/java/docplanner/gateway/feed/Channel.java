package docplanner.gateway.feed;

import io.vertx.core.Future;

import java.util.List;

/** The transport half of a subscriber: SSE over a chunked HTTP response, or a WebSocket. */
public interface Channel {

  /** "sse" or "ws" (a metrics label). */
  String protocol();

  /**
   * Sends events, in order; several at once when the transport allows one write for them. Done
   * when the (last) write has been handed to the kernel.
   */
  Future<Void> send(List<EncodedEvent> events);

  /** Tells the client its resume point is gone and replay restarts from the oldest entry. */
  default void sendReset(String resetJson) {
    sendNotice("reset", resetJson);
  }

  /**
   * A message that is no event of the stream (reset, subscribed, error): SSE {@code event: <type>}
   * without an {@code id:} line, WebSocket one text message.
   */
  void sendNotice(String type, String json);

  void heartbeat();

  /** True when more than the subscriber's buffer is queued and not yet taken by the client. */
  boolean full();

  void onDrain(Runnable handler);

  void onClose(Runnable handler);

  /** Called when the transport itself finds the client too slow (not only when events are sent). */
  default void onTooSlow(Runnable handler) {
  }

  /** Too slow: drop the connection now; the client resumes from its last id. */
  void cutOff();

  /** Server shutting down: say when to come back, then close. */
  void closeForShutdown();
}
