package docplanner.feed.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A subscriber of the docplanner-gateway feed that keeps itself connected: one thread per client
 * reads the feed and calls the {@link EventHandler} for each event, in order; when the connection
 * drops (a gateway restart, a network failure, no heartbeat for {@code idleTimeout}) it reconnects
 * after an exponential, jittered delay and resumes where it was: after the last checkpoint on a
 * broadcast subscription, from the group's pending list in group mode. The package documentation
 * has a complete example.
 */
public final class FeedClient implements AutoCloseable {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final System.Logger LOG = System.getLogger(FeedClient.class.getName());

  private final Builder settings;
  private final EventHandler handler;
  private final Backoff backoff;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread reader;
  private final ScheduledExecutorService watchdog;
  private volatile String consumer;
  private volatile Connection connection;
  private volatile long lastActivity;
  private volatile boolean handling;

  private FeedClient(Builder settings, EventHandler handler) {
    this.settings = settings;
    this.handler = handler;
    this.backoff = new Backoff(settings.initialBackoff, settings.maxBackoff);
    this.consumer = settings.consumer;
    this.reader = new Thread(this::runUntilClosed, "docplanner-feed-client");
    this.reader.setDaemon(true);
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "docplanner-feed-client-watchdog");
      t.setDaemon(true);
      return t;
    });
  }

  /** A client of the gateway whose feed port is at {@code feedUrl} ({@code http://gateway:8081}). */
  public static Builder builder(String feedUrl) {
    return new Builder(feedUrl);
  }

  /** The group consumer name: the one configured, else the one the gateway gave at the first subscription. */
  public Optional<String> consumer() {
    return Optional.ofNullable(consumer);
  }

  /**
   * Stops reading. An event being handled is finished (and acknowledged) first: this waits up to
   * 10 s for it, then interrupts the handler.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopped.countDown();
    watchdog.shutdownNow();
    Connection current = connection;
    if (current != null) {
      current.abort(); // unblocks a read; an event being handled is finished and settled first
    }
    if (Thread.currentThread() == reader) {
      return;
    }
    if (!handling) {
      reader.interrupt(); // a connect in progress, or the wait before the next one
    }
    try {
      reader.join(10_000);
      if (reader.isAlive()) {
        reader.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private FeedClient start() {
    long every = Math.max(100, settings.idleTimeout.toMillis() / 4);
    watchdog.scheduleWithFixedDelay(this::cutIfIdle, every, every, TimeUnit.MILLISECONDS);
    reader.start();
    return this;
  }

  private void runUntilClosed() {
    while (!closed.get()) {
      Subscription subscription = new Subscription(settings.http, subscriptionUri(), settings.token, settings.answerTimeout);
      Connection current = settings.transport == Transport.SSE
          ? new SseConnection(subscription)
          : new WebSocketConnection(subscription);
      connection = current;
      lastActivity = System.nanoTime();
      Throwable failure = null;
      try {
        current.run(new Dispatcher());
      } catch (InterruptedException e) {
        failure = e;
      } catch (Exception e) {
        failure = e;
      } finally {
        connection = null;
      }
      if (closed.get()) {
        return;
      }
      Duration delay = backoff.next();
      report(new FeedException("feed " + (failure == null ? "ended" : "lost: " + failure.getMessage())
          + "; reconnecting in " + delay.toMillis() + " ms", failure));
      try {
        if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        if (closed.get()) {
          return;
        }
      }
    }
  }

  /** The subscription's URI: filters, then where to start. */
  URI subscriptionUri() {
    List<String> query = new ArrayList<>();
    if (settings.group != null) {
      query.add("group=" + encode(settings.group));
      if (consumer != null) {
        query.add("consumer=" + encode(consumer));
      }
    }
    since().ifPresent(id -> query.add("since=" + encode(id)));
    for (Map.Entry<String, List<String>> filter : Map.of("names", settings.names, "facility", settings.facilities,
        "doctor", settings.doctors).entrySet()) {
      if (!filter.getValue().isEmpty()) {
        query.add(filter.getKey() + "=" + encode(String.join(",", filter.getValue())));
      }
    }
    query.sort(null);
    String base = settings.transport == Transport.SSE
        ? settings.feedUrl + "/events"
        : settings.feedUrl.replaceFirst("^http", "ws") + "/events/ws";
    return URI.create(base + (query.isEmpty() ? "" : "?" + String.join("&", query)));
  }

  /** Broadcast: after the checkpoint, else from {@code startFrom}; group: {@code startFrom} (used when the group is created). */
  private Optional<String> since() {
    if (settings.group == null) {
      try {
        Optional<String> saved = settings.checkpoints.load();
        if (saved.isPresent()) {
          return saved;
        }
      } catch (Exception e) {
        report(new FeedException("cannot read the checkpoint from " + settings.checkpoints + ": " + e.getMessage(), e));
      }
    }
    return Optional.ofNullable(settings.startFrom);
  }

  private void cutIfIdle() {
    Connection current = connection;
    if (current != null && System.nanoTime() - lastActivity > settings.idleTimeout.toNanos()) {
      lastActivity = System.nanoTime();
      report(new FeedException("nothing received for " + settings.idleTimeout + " (not even a heartbeat); reconnecting"));
      current.abort();
    }
  }

  private void report(Throwable error) {
    try {
      settings.onError.accept(error);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "onError threw", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** What the reader does with each message of the current connection. */
  private final class Dispatcher implements Connection.Sink {

    @Override
    public void opened() {
      backoff.reset();
    }

    @Override
    public void activity() {
      lastActivity = System.nanoTime();
    }

    @Override
    public void message(String json) throws Exception {
      if (closed.get()) {
        return; // not handled, so not recorded: it comes again on the next start
      }
      Map<String, String> members;
      try {
        members = Json.members(json);
      } catch (IllegalArgumentException e) {
        report(new FeedException("ignored a message that is not JSON: " + FeedEvent.abbreviate(json), e));
        return;
      }
      String type = members.containsKey("type") ? String.valueOf(Json.parse(members.get("type"))) : null;
      if (type == null) {
        FeedEvent event;
        try {
          event = FeedEvent.parse(json);
        } catch (IllegalArgumentException e) {
          report(new FeedException("ignored a message that is not an envelope", e));
          return;
        }
        deliver(event);
      } else if (type.equals("subscribed")) {
        Map<?, ?> fields = (Map<?, ?>) Json.parse(json);
        if (fields.get("consumer") instanceof String name) {
          consumer = name;
          settings.onSubscribed.accept(name);
        }
      } else if (type.equals("reset")) {
        settings.onReset.accept(new Reset(json, (Map<?, ?>) Json.parse(json)));
      } else if (type.equals("error")) {
        report(new FeedException("the gateway refused a frame: " + json));
      }
      // other types are newer than this client: skipped on purpose (the versioning rule)
    }

    private void deliver(FeedEvent event) throws Exception {
      Settlement ack = new Settlement(event.id(), settings.group != null);
      // Handling lasts until the event is settled (checkpoint saved, ack sent): a close() meanwhile
      // waits for it rather than interrupting the ack's request.
      handling = true;
      try {
        try {
          handler.handle(event, ack);
        } catch (Exception e) {
          if (settings.group == null) {
            throw new FeedException("the handler failed on " + event + " (" + e + "); resuming after the last checkpoint", e);
          }
          report(new FeedException("the handler failed on " + event + " (" + e + "); nacked", e));
          ack.nack();
          return;
        }
        if (settings.group == null) {
          try {
            settings.checkpoints.save(event.id());
          } catch (Exception e) {
            report(new FeedException("cannot save the checkpoint " + event.id() + " to " + settings.checkpoints, e));
          }
        } else if (settings.ackMode == AckMode.AUTO) {
          ack.ack();
        }
      } finally {
        handling = false;
      }
    }
  }

  /** An {@link Ack} of one delivery: over the WebSocket when it is open, else {@code POST /events/ack}. */
  private final class Settlement implements Ack {

    private final String id;
    private final boolean grouped;
    private final AtomicBoolean done = new AtomicBoolean();

    Settlement(String id, boolean grouped) {
      this.id = id;
      this.grouped = grouped;
    }

    @Override
    public void ack() {
      settle("ack");
    }

    @Override
    public void nack() {
      settle("nack");
    }

    @Override
    public boolean settled() {
      return done.get();
    }

    private void settle(String verb) {
      if (!grouped || !done.compareAndSet(false, true)) {
        return;
      }
      // A close() that interrupted a slow handler must not also cost its ack.
      boolean interrupted = Thread.interrupted();
      try {
        send(verb);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void send(String verb) {
      Connection current = connection;
      if (current != null && current.settle(verb, id)) {
        return;
      }
      String body = "{\"group\":" + Json.quote(settings.group) + ",\"consumer\":" + Json.quote(String.valueOf(consumer))
          + ",\"ids\":" + Json.quoteAll(List.of(id)) + "}";
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.feedUrl + "/events/" + verb))
          .timeout(settings.answerTimeout).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (settings.token != null) {
        request.header("Authorization", "Bearer " + settings.token);
      }
      try {
        HttpResponse<String> answer = settings.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          report(new FeedException(verb + " of " + id + " answered " + answer.statusCode() + ": " + answer.body()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        report(new FeedException(verb + " of " + id + " interrupted (it will be redelivered)", e));
      } catch (Exception e) {
        report(new FeedException(verb + " of " + id + " failed (it will be redelivered): " + e.getMessage(), e));
      }
    }
  }

  /** The client's settings. Only the handler is required; every other setting has a default. */
  public static final class Builder {

    private final String feedUrl;
    private Transport transport = Transport.SSE;
    private String group;
    private String consumer;
    private String startFrom;
    private String token;
    private List<String> names = List.of();
    private List<String> facilities = List.of();
    private List<String> doctors = List.of();
    private CheckpointStore checkpoints = CheckpointStore.inMemory();
    private AckMode ackMode = AckMode.AUTO;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration answerTimeout = Duration.ofSeconds(10);
    private HttpClient http;
    private Consumer<Reset> onReset = reset -> LOG.log(System.Logger.Level.WARNING, "feed reset: {0}", reset);
    private Consumer<String> onSubscribed = name -> { };
    private Consumer<Throwable> onError = error -> LOG.log(System.Logger.Level.WARNING, error.getMessage(), error.getCause());

    private Builder(String feedUrl) {
      String url = Objects.requireNonNull(feedUrl, "feedUrl").replaceAll("/+$", "");
      if (!url.matches("https?://[^/?#]+(/[^?#]*)?")) {
        throw new IllegalArgumentException("the feed URL is http(s)://host:port, got " + feedUrl);
      }
      this.feedUrl = url;
    }

    /** {@link Transport#SSE} (default) or {@link Transport#WEBSOCKET}. */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport);
      return this;
    }

    /** Group mode: each event goes to one consumer of {@code group} (1-64 of {@code A-Za-z0-9._-}). */
    public Builder group(String group) {
      this.group = checkName("group", group);
      return this;
    }

    /** This consumer's name in the group (default: one the gateway generates, kept across reconnects). */
    public Builder consumer(String consumer) {
      this.consumer = checkName("consumer", consumer);
      return this;
    }

    /**
     * Where to start when there is nothing to resume from: {@code "0"} for everything the stream
     * retains, or an id to start after. Default: live (only new events). Broadcast: used when the
     * checkpoint store is empty; group: used when the group is created.
     */
    public Builder startFrom(String id) {
      this.startFrom = Objects.requireNonNull(id);
      return this;
    }

    /** {@code startFrom("0")}. */
    public Builder fromBeginning() {
      return startFrom("0");
    }

    /** A bearer token of {@code feed.tokens}. */
    public Builder token(String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** Only these names. */
    public Builder names(EventName... names) {
      this.names = Arrays.stream(names).filter(n -> n != EventName.UNKNOWN).map(EventName::wire).toList();
      return this;
    }

    /** Only these names, as the feed spells them (names this client does not know included). */
    public Builder names(String... names) {
      this.names = List.of(names);
      return this;
    }

    /** Only events of these facilities ({@code data.facility.id}). */
    public Builder facility(String... ids) {
      this.facilities = List.of(ids);
      return this;
    }

    /** Only events of these doctors ({@code data.doctor.id}). */
    public Builder doctor(String... ids) {
      this.doctors = List.of(ids);
      return this;
    }

    /** Where a broadcast subscription keeps its last id (default: in memory). */
    public Builder checkpoints(CheckpointStore store) {
      this.checkpoints = Objects.requireNonNull(store);
      return this;
    }

    /** Who acknowledges group deliveries (default {@link AckMode#AUTO}). */
    public Builder ackMode(AckMode mode) {
      this.ackMode = Objects.requireNonNull(mode);
      return this;
    }

    /** Reconnect delays: doubling from {@code initial} (500 ms) to {@code max} (30 s), jittered. */
    public Builder backoff(Duration initial, Duration max) {
      new Backoff(initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** A connection with nothing received (not even the gateway's heartbeat) for this long is replaced (60 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The JDK client to use (default: a new one, HTTP/1.1, 5 s connect timeout). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http);
      return this;
    }

    /** Called on the reader thread when the gateway sends a reset (default: a warning logged). */
    public Builder onReset(Consumer<Reset> onReset) {
      this.onReset = Objects.requireNonNull(onReset);
      return this;
    }

    /** Called with the consumer name each time a group subscription starts. */
    public Builder onSubscribed(Consumer<String> onSubscribed) {
      this.onSubscribed = Objects.requireNonNull(onSubscribed);
      return this;
    }

    /** Called for each failure the client recovers from by itself (default: a warning logged). */
    public Builder onError(Consumer<Throwable> onError) {
      this.onError = Objects.requireNonNull(onError);
      return this;
    }

    /** Starts the client: it connects, and keeps calling {@code handler} until {@link FeedClient#close()}. */
    public FeedClient start(EventHandler handler) {
      Objects.requireNonNull(handler, "handler");
      if (consumer != null && group == null) {
        throw new IllegalStateException("a consumer name needs a group");
      }
      if (http == null) {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      }
      return new FeedClient(copy(), handler).start();
    }

    /** The settings as they are now: changing this builder later changes no running client. */
    private Builder copy() {
      Builder copy = new Builder(feedUrl);
      copy.transport = transport;
      copy.group = group;
      copy.consumer = consumer;
      copy.startFrom = startFrom;
      copy.token = token;
      copy.names = names;
      copy.facilities = facilities;
      copy.doctors = doctors;
      copy.checkpoints = checkpoints;
      copy.ackMode = ackMode;
      copy.initialBackoff = initialBackoff;
      copy.maxBackoff = maxBackoff;
      copy.idleTimeout = idleTimeout;
      copy.answerTimeout = answerTimeout;
      copy.http = http;
      copy.onReset = onReset;
      copy.onSubscribed = onSubscribed;
      copy.onError = onError;
      return copy;
    }

    private static String checkName(String what, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be 1-64 of A-Z a-z 0-9 . _ -, got " + value);
      }
      return value;
    }
  }
}
