package docplanner.gateway.support.groups;

import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One consumer of a consumer group as a service would write it, over a real connection to a real
 * gateway, independent of the code under test: it subscribes with {@code ?group=&consumer=},
 * records every delivery in the group's {@link GroupLedger}, "processes" it and acknowledges it
 * (how: {@link SseGroupClient}, {@link WsGroupClient}). When its connection ends it subscribes
 * again under the same name, as the protocol wants, unless it was {@linkplain #kill() killed}.
 *
 * <p>Behaviours a test can switch on at any time: {@link #hold()} (take events, never acknowledge
 * them: a stuck replica), {@link #nackIf} (refuse some events: a poison message), {@link #kill()}
 * (the process dies: the connection is reset, nothing more is sent).
 */
public abstract class GroupClient implements AutoCloseable {

  protected final String group;
  protected final String name;
  protected final int feedPort;
  protected final GroupLedger ledger;
  private final List<JsonObject> notices = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
  private final List<JsonObject> processed = new CopyOnWriteArrayList<>();
  private final List<String> held = new CopyOnWriteArrayList<>();
  private final List<String> nacked = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final Thread thread;
  private volatile Predicate<JsonObject> nackIf = event -> false;
  private volatile boolean holding;
  protected volatile boolean stopped;
  protected volatile boolean killed;
  private volatile String subscribedAs;

  protected GroupClient(String group, String name, int feedPort, GroupLedger ledger) {
    this.group = group;
    this.name = name;
    this.feedPort = feedPort;
    this.ledger = ledger;
    this.thread = new Thread(this::run, "group-" + group + "-" + name);
    this.thread.setDaemon(true);
  }

  /** Starts subscribing (and re-subscribing) in the background. */
  protected final void begin() {
    thread.start();
  }

  public String name() {
    return name;
  }

  /** The query of a subscription of this consumer. */
  protected final String query() {
    return "group=" + URLEncoder.encode(group, StandardCharsets.UTF_8) + "&consumer=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  /** One subscription: connects and reads until the connection ends. */
  protected abstract void session() throws Exception;

  /** Acknowledges ids (asynchronously); calls {@link GroupLedger#acked} once each acknowledgement completed. */
  protected abstract void ack(String id);

  /** Asks for immediate redelivery of an id. */
  protected abstract void nack(String id);

  /** Ends the connection at once, without a goodbye. */
  protected abstract void abortConnection();

  private void run() {
    while (!stopped) {
      try {
        session();
      } catch (Exception e) {
        // the gateway went away or closed the connection: subscribe again below
      }
      subscribedAs = null;
      if (!stopped) {
        pause(200);
      }
    }
  }

  /** A message of the feed: a notice ({@code type}) or a delivery. */
  protected final void onMessage(JsonObject message, String sseId) {
    String type = message.getString("type");
    if (type != null) {
      notices.add(message);
      if ("subscribed".equals(type)) {
        if (!group.equals(message.getString("group")) || !name.equals(message.getString("consumer"))) {
          ledger.contractBreach(name + ": subscribed as " + message.encode());
        }
        subscriptions.incrementAndGet();
        subscribedAs = message.getString("consumer");
      }
      return;
    }
    String id = message.getString("id");
    Object deliveries = message.getValue("deliveries");
    if (id == null || !group.equals(message.getString("group")) || !(deliveries instanceof Number)
        || ((Number) deliveries).intValue() < 1 || sseId != null && !sseId.equals(id)) {
      ledger.contractBreach(name + ": envelope " + message.encode() + " (SSE id " + sseId + ")");
      if (id == null) {
        return;
      }
    }
    if (killed) {
      return;
    }
    ledger.delivered(name, id, deliveries instanceof Number n ? n.intValue() : 0);
    received.add(id);
    envelopes.add(message);
    if (holding) {
      held.add(id);
    } else if (nackIf.test(message)) {
      nacked.add(id);
      nack(id);
    } else {
      processed.add(message);
      ack(id);
    }
  }

  /** From now on, take events and never acknowledge them. */
  public void hold() {
    holding = true;
  }

  /** Refuse (nack) the events {@code when} holds; acknowledge the others. */
  public void nackIf(Predicate<JsonObject> when) {
    this.nackIf = when;
  }

  /** The consumer's process dies: the connection is reset, nothing is acknowledged any more, no reconnect. */
  public void kill() {
    killed = true;
    stopped = true;
    abortConnection();
  }

  public boolean isSubscribed() {
    return subscribedAs != null;
  }

  /** How many times the gateway confirmed a subscription ({@code subscribed} notices). */
  public int subscriptions() {
    return subscriptions.get();
  }

  public List<JsonObject> notices() {
    return new ArrayList<>(notices);
  }

  public List<String> received() {
    return new ArrayList<>(received);
  }

  /** Every delivery's envelope, in the order received. */
  public List<JsonObject> envelopes() {
    return new ArrayList<>(envelopes);
  }

  /** The envelopes this consumer processed and acknowledged (not held, not refused), in order. */
  public List<JsonObject> processed() {
    return new ArrayList<>(processed);
  }

  public List<String> held() {
    return new ArrayList<>(held);
  }

  public List<String> nacked() {
    return new ArrayList<>(nacked);
  }

  @Override
  public void close() {
    stopped = true;
    abortConnection();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected static void pause(long ms) {
    try {
      Thread.sleep(ms); // a client's reconnect backoff, not a test's synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
