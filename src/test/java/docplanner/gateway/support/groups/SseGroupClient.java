package docplanner.gateway.support.groups;

import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A group consumer over Server-Sent Events (a plain socket) that acknowledges with
 * {@code POST /events/ack}: an acknowledging thread sends what was processed since its last
 * request in one body, and sends it again until it is answered {@code 200} (acking twice is
 * harmless by contract), so an acknowledgement is completed only once the gateway confirmed it.
 * The acknowledgements may go to another gateway replica than the one streaming
 * ({@code ackPort}), as they would behind a load balancer.
 */
public final class SseGroupClient extends GroupClient {

  private static final int MAX_BATCH = 200;

  private final int ackPort;
  private final BlockingQueue<String> toAck = new LinkedBlockingQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger failedAcks = new java.util.concurrent.atomic.AtomicInteger();
  private final Thread acker;
  private volatile Socket socket;

  private SseGroupClient(String group, String name, int feedPort, int ackPort, GroupLedger ledger) {
    super(group, name, feedPort, ledger);
    this.ackPort = ackPort;
    this.acker = new Thread(this::ackLoop, "group-acks-" + name);
    this.acker.setDaemon(true);
  }

  /** Subscribes on {@code feedPort} and acknowledges there. */
  public static SseGroupClient start(String group, String name, int feedPort, GroupLedger ledger) {
    return start(group, name, feedPort, feedPort, ledger);
  }

  /** Subscribes on {@code feedPort}, acknowledges on {@code ackPort}. */
  public static SseGroupClient start(String group, String name, int feedPort, int ackPort, GroupLedger ledger) {
    SseGroupClient consumer = new SseGroupClient(group, name, feedPort, ackPort, ledger);
    consumer.acker.start();
    consumer.begin();
    return consumer;
  }

  @Override
  protected void session() throws IOException {
    Socket s = new Socket();
    socket = s;
    try (s) {
      s.connect(new InetSocketAddress("127.0.0.1", feedPort), 2_000);
      readEvents(SseClient.stream(s, "127.0.0.1", "/events?" + query(), ""));
    } finally {
      socket = null;
    }
  }

  private void readEvents(InputStream body) throws IOException {
    String id = null;
    StringBuilder data = null;
    String line;
    while ((line = SseClient.line(body)) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          onMessage(new JsonObject(data.toString()), id);
        }
        id = null;
        data = null;
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("data:")) {
        String value = line.substring(5).trim();
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
  }

  @Override
  protected void ack(String id) {
    outstanding.incrementAndGet();
    toAck.add(id);
  }

  @Override
  protected void nack(String id) {
    try {
      post(ackPort, "/events/nack", List.of(id));
    } catch (UncheckedIOException e) {
      // not refused: it will come back after the visibility timeout anyway
    }
  }

  private void ackLoop() {
    List<String> batch = new ArrayList<>();
    while (!killed && !(stopped && toAck.isEmpty())) {
      try {
        String first = toAck.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        toAck.drainTo(batch, MAX_BATCH - 1);
        while (!killed && !batch.isEmpty()) {
          if (acknowledge(batch)) {
            batch.clear();
          } else {
            failedAcks.incrementAndGet();
            pause(100);
          }
        }
        batch.clear();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One {@code POST /events/ack}; true once answered 200 (then every id of it is acknowledged). */
  private boolean acknowledge(List<String> ids) {
    try {
      PushClient.Answer answer = post(ackPort, "/events/ack", ids);
      if (answer.status() != 200) {
        return false;
      }
      ids.forEach(id -> ledger.acked(name, id));
      outstanding.addAndGet(-ids.size());
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private PushClient.Answer post(int port, String path, List<String> ids) {
    String body = new JsonObject().put("group", group).put("consumer", name).put("ids", new JsonArray(ids)).encode();
    return new PushClient(port, path).send("POST", path, "application/json", body);
  }

  /** {@code POST /events/ack} requests that were not answered 200 (and were sent again). */
  public int failedAcks() {
    return failedAcks.get();
  }

  /** Whether every id this consumer processed has had its acknowledgement answered. */
  public boolean acksSettled() {
    return outstanding.get() == 0;
  }

  @Override
  protected void abortConnection() {
    Socket s = socket;
    if (s != null) {
      try {
        s.setSoLinger(true, 0); // a reset, as when the process dies
        s.close();
      } catch (IOException ignored) {
        // closed anyway
      }
    }
  }

  @Override
  public void close() {
    super.close();
    try {
      acker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
