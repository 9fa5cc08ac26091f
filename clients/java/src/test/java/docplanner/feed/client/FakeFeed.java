package docplanner.feed.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the gateway's feed port (JDK HttpServer): each {@code GET /events} plays the next
 * scripted answer (SSE text written at once, then the stream ends or stays open until the fake
 * closes), and every subscription URI and ack or nack body is recorded for the test to take.
 */
final class FakeFeed implements AutoCloseable {

  /** One answer to a subscription. */
  record Script(int status, String body, boolean keepOpen) {
  }

  private final HttpServer server;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  final BlockingQueue<URI> subscriptions = new LinkedBlockingQueue<>();
  final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
  final BlockingQueue<String> nacks = new LinkedBlockingQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  FakeFeed() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-feed");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/events", this::subscribe);
    server.createContext("/events/ack", exchange -> settle(exchange, acks, "acked"));
    server.createContext("/events/nack", exchange -> settle(exchange, nacks, "nacked"));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next subscription gets {@code sse} and then the stream ends. */
  FakeFeed thenEnd(String sse) {
    scripts.add(new Script(200, sse, false));
    return this;
  }

  /** The next subscription gets {@code sse} and the stream stays open. */
  FakeFeed thenStayOpen(String sse) {
    scripts.add(new Script(200, sse, true));
    return this;
  }

  /** The next subscription is refused with {@code status}. */
  FakeFeed thenRefuse(int status, String body) {
    scripts.add(new Script(status, body, false));
    return this;
  }

  /** The next subscription URI, waiting up to 5 s. */
  URI nextSubscription() throws InterruptedException {
    return take(subscriptions);
  }

  static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
    T next = queue.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("nothing within 5 s");
    }
    return next;
  }

  /** An SSE frame of an envelope. */
  static String event(String id, String name) {
    return event(id, name, "");
  }

  /** An SSE frame of an envelope with extra members ({@code ,"group":"g","deliveries":2}). */
  static String event(String id, String name, String extra) {
    return "id: " + id + "\nevent: " + name + "\ndata: " + envelope(id, name, extra) + "\n\n";
  }

  static String envelope(String id, String name, String extra) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"source\":\"push\",\"received_at\":\"2026-11-28T04:16:13.028Z\","
        + "\"fingerprint\":\"8b67\"" + extra + ",\"notification\":{\"name\":\"" + name + "\",\"data\":{\"facility\":{\"id\":\"1\"},"
        + "\"doctor\":{\"id\":123},\"visit_booking\":{\"id\":\"6263715\",\"price\":50.10}},\"created_at\":\"2021-05-12T10:18:34+01:00\"}}";
  }

  private void subscribe(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/events")) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    subscriptions.add(exchange.getRequestURI());
    Script script = scripts.poll();
    if (script == null) {
      script = new Script(200, ": no script left\n\n", true);
    }
    byte[] body = script.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", script.status() == 200 ? "text/event-stream" : "application/problem+json");
    exchange.sendResponseHeaders(script.status(), 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
      out.flush();
      if (script.keepOpen()) {
        closing.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientLeft) {
      // the client closed the stream: what a test of reconnection expects
    }
  }

  private void settle(HttpExchange exchange, BlockingQueue<String> into, String counted) throws IOException {
    into.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    byte[] answer = ("{\"" + counted + "\":1}").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
