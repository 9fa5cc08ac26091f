package docplanner.gateway.support.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscribers that come and go: {@code total} feed connections (SSE and WebSocket upgrades, with
 * and without a resume id) opened by a few threads in a loop, each closed at a different moment:
 * right after the request (while the gateway still resolves its start point), after the answer's
 * head, or after reading for a little while. What EventSource reconnect storms look like.
 */
public final class SubscriberStorm {

  private final int port;
  private final int total;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  private SubscriberStorm(int port, int total) {
    this.port = port;
    this.total = total;
  }

  /** Runs the storm against the feed on {@code port} with {@code threads} threads; returns when all are done. */
  public static SubscriberStorm run(int port, int total, int threads) throws InterruptedException {
    SubscriberStorm storm = new SubscriberStorm(port, total);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(storm::work, "subscriber-storm-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join(120_000);
    }
    return storm;
  }

  /** Connections that could not even be opened (the gateway refused them). */
  public int failed() {
    return failed.get();
  }

  private void work() {
    int n;
    while ((n = next.getAndIncrement()) < total) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(100);
        OutputStream out = socket.getOutputStream();
        out.write(request(n).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        switch (n % 3) {
          case 0 -> { } // gone before the answer
          case 1 -> readUntilHead(in);
          default -> readFor(in, 100);
        }
      } catch (IOException e) {
        failed.incrementAndGet();
      }
    }
  }

  private static String request(int n) {
    boolean ws = n % 2 == 1;
    String since = n % 4 < 2 ? "" : "?since=0-1";
    return ws
        ? "GET /events/ws" + since + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        : "GET /events" + since + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + (n % 5 == 0 ? "Last-Event-ID: 0-1\r\n" : "") + "\r\n";
  }

  private static void readUntilHead(InputStream in) throws IOException {
    int matched = 0;
    try {
      int c;
      while (matched < 4 && (c = in.read()) != -1) {
        matched = (c == '\r' || c == '\n') ? matched + 1 : 0;
      }
    } catch (SocketTimeoutException slowAnswer) {
      // no answer yet (Redis unreachable): leave anyway
    }
  }

  private static void readFor(InputStream in, long millis) throws IOException {
    long until = System.currentTimeMillis() + millis;
    byte[] buffer = new byte[8_192];
    try {
      while (System.currentTimeMillis() < until && in.read(buffer) != -1) {
        // drain
      }
    } catch (SocketTimeoutException quiet) {
      // nothing more within the read timeout
    }
  }
}
