package docplanner.gateway.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A client's push endpoint for tests, on the JDK's HTTP server (independent of the code under
 * test): records every POST (body, content type) and answers with scripted statuses, default 200.
 * A negative scripted status means: hold the answer that many milliseconds (a slow endpoint), then 200.
 */
public final class PushReceiver implements AutoCloseable {

  /** One request received. */
  public record Received(String method, String contentType, String body) {
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Integer> script = new ArrayDeque<>();
  private final Signal arrived = new Signal();

  private PushReceiver(HttpServer server) {
    this.server = server;
  }

  public static PushReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      PushReceiver receiver = new PushReceiver(server);
      server.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        receiver.received.add(new Received(exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
        receiver.arrived.signal();
        int status = receiver.nextStatus();
        if (status < 0) {
          sleep(-status);
          status = 200;
        }
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
      });
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to register as the push endpoint. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/docplanner/notifications";
  }

  /** The next {@code count} requests get {@code status}. */
  public synchronized void answer(int status, int count) {
    for (int i = 0; i < count; i++) {
      script.add(status);
    }
  }

  private synchronized int nextStatus() {
    Integer next = script.poll();
    return next == null ? 200 : next;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> bodies() {
    return received.stream().map(Received::body).toList();
  }

  /** Waits until at least {@code count} requests arrived; answers them all. */
  public List<Received> await(int count, Duration timeout) {
    try {
      arrived.awaitUntil(() -> received.size() >= count, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return received();
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
