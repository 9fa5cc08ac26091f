package docplanner.gateway.feed;

import docplanner.gateway.config.FeedSettings;
import docplanner.gateway.event.StreamId;
import docplanner.gateway.feed.group.GroupFeed;
import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.Consumer;

/** {@code GET /events}: a Server-Sent Events subscription. */
final class SseEndpoint implements Handler<HttpServerRequest> {

  private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence NO = HttpHeaders.createOptimized("no");

  private final FeedHub hub;
  private final GroupFeed groups;
  private final FeedSettings settings;
  private final Buffer preamble;

  SseEndpoint(FeedHub hub, GroupFeed groups, FeedSettings settings) {
    this.hub = hub;
    this.groups = groups;
    this.settings = settings;
    // The retry hint, and a first write so that clients and proxies see the stream open at once.
    this.preamble = Buffer.buffer("retry: " + settings.retry().toMillis() + "\n: docplanner-gateway feed\n\n");
  }

  /** The stream could not be read to find the start point (Redis down): come back later. */
  static Problem unavailable(Throwable cause) {
    return new Problem(503, "feed-unavailable", "Feed unavailable",
        "the event stream cannot be read right now (" + cause.getMessage() + "); reconnect shortly");
  }

  @Override
  public void handle(HttpServerRequest request) {
    SubscriptionRequest subscription;
    try {
      subscription = SubscriptionRequest.parse(request, settings.tokens());
    } catch (Problem problem) {
      problem.send(request.response());
      return;
    }
    HttpServerResponse response = request.response();
    // Before anything asynchronous: Vert.x never calls a close handler registered after the close,
    // and a client gone while its start point is found must not become a subscriber. The
    // channel's own handler replaces this one once it joins.
    response.closeHandler(v -> { });
    if (subscription.group() != null) {
      openOnceReady(response, groups.prepare(subscription.group()), ready -> groups.join(
          new SseChannel(request, settings.maxBuffer(), settings.retry()), subscription.group(), subscription.filter()));
      return;
    }
    openOnceReady(response, hub.resolve(subscription.start()), start -> hub.join(
        new Subscriber(new SseChannel(request, settings.maxBuffer(), settings.retry()), subscription.filter(), StreamId.ZERO),
        start));
  }

  /** Opens the stream once {@code ready} (the start point, the group) is there; 503 when it failed. */
  private <T> void openOnceReady(HttpServerResponse response, Future<T> ready, Consumer<T> joined) {
    ready.onComplete(ar -> {
      if (response.closed()) {
        return; // left while we asked Redis: nothing was registered, nothing to undo
      }
      if (ar.failed()) {
        unavailable(ar.cause()).send(response);
        return;
      }
      open(response);
      joined.accept(ar.result());
    });
  }

  /** The stream's head and its first write, so that clients and proxies see it open at once. */
  private void open(HttpServerResponse response) {
    response
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
        .putHeader("X-Accel-Buffering", NO);
    response.write(preamble);
  }
}
