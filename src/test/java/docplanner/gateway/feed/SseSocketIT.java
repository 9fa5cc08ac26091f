package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live SSE events are written to the socket as ready-made HTTP/1.1 chunks ({@link SseSocket}),
 * below Vert.x's response: the JDK's HTTP client (strict about chunked framing) reads them, with
 * the response's own writes in between, and the stream still ends with a proper last chunk at
 * shutdown; and those writes count as activity for the idle timeout, so a busy stream (no
 * heartbeats needed) outlives it.
 */
class SseSocketIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  /** An SSE subscriber on the JDK's HTTP client: the lines of the body as they arrive, and how it ended. */
  private static final class Lines {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    Lines(int port) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
          .header("Accept", "text/event-stream").build();
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
          .thenAccept(response -> {
            try (Stream<String> body = response.body()) {
              body.forEach(lines::add);
              ended.complete(null);
            } catch (RuntimeException e) {
              ended.completeExceptionally(e);
            }
          })
          .exceptionally(e -> {
            ended.completeExceptionally(e);
            return null;
          });
    }

    List<String> ids() {
      return lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
    }
  }

  @Test
  void aBusyStreamWithoutHeartbeatsOutlivesTheIdleTimeout() {
    // Events every 150 ms keep the heartbeats from being needed; 2 s without a write counted by the
    // idle handler would close the connection. 5 s of events: well past it, twice.
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", "sse-socket:busy",
        "feed.idle-timeout", "2s", "feed.heartbeat", "1s"))) {
      Lines subscriber = new Lines(gateway.config().feed().port());
      TestFeeds.awaitSubscribers(gateway, 1);
      PushClient push = TestGateways.pushClient(gateway);
      List<String> pushed = new CopyOnWriteArrayList<>();
      AtomicInteger n = new AtomicInteger();
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      try {
        pacer.scheduleAtFixedRate(() -> {
          int i = n.getAndIncrement();
          if (i < 33) {
            pushed.add(push.push(Notifications.slotBooked("busy-" + i, "f1", "d1")).json().getString("id"));
          }
        }, 0, 150, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> pushed.size() == 33 && subscriber.ids().size() == 33);
      } finally {
        pacer.shutdownNow();
      }
      assertThat(subscriber.ids()).containsExactlyElementsOf(pushed);
      assertThat(subscriber.ended).as("still open after 5 s of events").isNotDone();
      assertThat(TestFeeds.subscribers(gateway)).isEqualTo(1);
    }
  }

  @Test
  void chunksInterleaveWithTheResponsesOwnWritesAndTheStreamEndsProperlyAtShutdown() throws Exception {
    Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", "sse-socket:shutdown",
        "feed.heartbeat", "1s"));
    Lines subscriber;
    List<String> pushed;
    try {
      subscriber = new Lines(gateway.config().feed().port());
      TestFeeds.awaitSubscribers(gateway, 1);
      pushed = TestFeeds.push(gateway, 3, "first");
      await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.ids().size() == 3);
      // A heartbeat (through the response) between live chunks.
      int comments = (int) subscriber.lines.stream().filter(l -> l.startsWith(":")).count();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> subscriber.lines.stream().filter(l -> l.startsWith(":")).count() > comments);
      pushed = new java.util.ArrayList<>(pushed);
      pushed.addAll(TestFeeds.push(gateway, 3, "second"));
      await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.ids().size() == 6);
    } finally {
      gateway.close();
    }
    // The JDK client fails the body on a malformed chunk or a connection closed mid-stream.
    subscriber.ended.get(10, TimeUnit.SECONDS);
    assertThat(subscriber.ids()).containsExactlyElementsOf(pushed);
    assertThat(subscriber.lines).anyMatch(l -> l.contains("server shutting down"));
  }
}
