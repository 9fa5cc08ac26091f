package docplanner.gateway.feed;

import docplanner.gateway.config.FeedSettings;
import docplanner.gateway.event.StreamId;
import docplanner.gateway.feed.group.GroupConsumerHandle;
import docplanner.gateway.feed.group.GroupFeed;
import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.util.function.BiConsumer;

/** {@code GET /events/ws}: the same feed as JSON text messages over a WebSocket. */
final class WebSocketEndpoint implements Handler<HttpServerRequest> {

  private final FeedHub hub;
  private final GroupFeed groups;
  private final FeedSettings settings;
  private final int maxFrame;

  WebSocketEndpoint(FeedHub hub, GroupFeed groups, FeedSettings settings, int maxFrame) {
    this.hub = hub;
    this.groups = groups;
    this.settings = settings;
    this.maxFrame = maxFrame;
  }

  @Override
  public void handle(HttpServerRequest request) {
    SubscriptionRequest subscription;
    try {
      subscription = SubscriptionRequest.parse(request, settings.tokens());
      if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
        throw new Problem(400, "websocket-required", "WebSocket upgrade required",
            "connect with a WebSocket client; for Server-Sent Events use /events");
      }
    } catch (Problem problem) {
      problem.send(request.response());
      return;
    }
    request.pause();
    // See SseEndpoint: the client may leave while the start point is found, and again during the
    // handshake; only a socket still open after both becomes a subscriber.
    request.response().closeHandler(v -> { });
    if (subscription.group() != null) {
      joinGroup(request, subscription);
      return;
    }
    upgradeOnceReady(request, hub.resolve(subscription.start()), (socket, start) -> {
      Subscriber subscriber = new Subscriber(new WebSocketChannel(socket, settings.maxBuffer(), maxFrame),
          subscription.filter(), StreamId.ZERO);
      // Subscribers only listen; anything they send is ignored.
      socket.handler(ignored -> { });
      hub.join(subscriber, start);
    });
  }

  /** A group consumer: as above, once its group exists; its text messages are acks and nacks. */
  private void joinGroup(HttpServerRequest request, SubscriptionRequest subscription) {
    upgradeOnceReady(request, groups.prepare(subscription.group()), (socket, ready) -> {
      GroupConsumerHandle consumer = groups.join(new WebSocketChannel(socket, settings.maxBuffer(), maxFrame),
          subscription.group(), subscription.filter());
      socket.textMessageHandler(consumer::onText);
    });
  }

  /**
   * Completes the handshake once {@code ready} (the start point, the group) is there, and hands the
   * socket on; 503 when it failed. The client may leave while we wait, and again during the
   * handshake; only a socket still open after both is handed on (a failed handshake registered
   * nothing: nothing to undo).
   */
  private static <T> void upgradeOnceReady(HttpServerRequest request, Future<T> ready,
                                           BiConsumer<ServerWebSocket, T> joined) {
    ready.onComplete(ar -> {
      if (request.response().closed()) {
        return;
      }
      if (ar.failed()) {
        SseEndpoint.unavailable(ar.cause()).send(request.response());
        return;
      }
      request.resume();
      request.toWebSocket().onSuccess(socket -> {
        if (!socket.isClosed()) {
          joined.accept(socket, ar.result());
        }
      });
    });
  }
}
