package docplanner.gateway.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many Server-Sent Events subscribers on one thread, written so that the client is not what limits
 * the measurement: one NIO selector, one shared read buffer, no per-event object, no SSE parsing.
 * Each read is scanned (Boyer-Moore-Horspool) for the publisher's send-time field
 * {@code "bench_sent_ns":<digits>}; every hit is one delivered event, and its latency (now minus
 * the send time, both {@link SendTime}) goes into a histogram when the send time falls in the
 * measured window. Heartbeats and frames without the field only refresh the connection's
 * last-read time (recorded as gaps, for the idle case).
 *
 * <p>A field cut by a read boundary is carried (a few bytes) to the next read of that connection.
 * Servers write each event in one piece, so HTTP chunk headers never fall inside the field.
 *
 * <p>With a prime path, each connection first GETs it and waits for the answer before subscribing on
 * the same connection: nginx sets TCP_NODELAY on a connection when it turns keep-alive, and never on
 * a streaming response, so this is how Nchan's subscribers get it (see bench/nginx/nchan.conf).
 */
final class SseSubscribers implements AutoCloseable {

  static final String FIELD = "bench_sent_ns";
  /** The selector thread's name: 15 characters, so that the kernel's copy of it (comm) is whole. */
  static final String THREAD_NAME = "sse-subscribers";
  private static final byte[] MARKER = (FIELD + "\":").getBytes(StandardCharsets.US_ASCII);
  /** Bytes kept between reads: a whole marker and the longest number after it. */
  private static final int CARRY = MARKER.length + 24;
  private static final int[] SKIP = skipTable(MARKER);
  private static final int MAX_PENDING = 256;

  private static final int PRIMING = 0;
  private static final int HEAD = 1;
  private static final int STREAMING = 2;

  private final InetSocketAddress address;
  private final byte[] subscribe;
  private final byte[] prime;
  private final Selector selector;
  private final Thread thread;
  private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
  private final List<Connection> connections = new ArrayList<>();

  // Written by the owner, read by the selector thread.
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile long gapsFrom = Long.MAX_VALUE;
  private volatile long gapsUntil = Long.MAX_VALUE;
  private volatile long silentNanos;
  private volatile int wanted;
  private volatile boolean stopping;

  // Selector thread only (read by the owner after close()).
  private final Histogram latencyMicros = new Histogram(120_000_000L, 3);
  private final Histogram gapMillis = new Histogram(3_600_000L, 3);
  private long delivered;
  private long outsideWindow;
  private long[] loggedSent;    // with logDeliveries: each delivery in the window, in arrival order
  private long[] loggedLatency;
  private int logged;
  private int opened;
  private int silent = -1;
  private int pending;

  // Published by the selector thread for the owner to watch.
  private volatile long deliveredSoFar;
  private volatile int streaming;
  private volatile int failed;
  private volatile int disconnected;
  private volatile String firstFailure;

  /**
   * @param url   the subscription, {@code http://host:port/path?query}
   * @param prime a path to GET on each connection before subscribing, or null
   */
  SseSubscribers(URI url, String prime) {
    this.address = new InetSocketAddress(url.getHost(), url.getPort());
    String host = url.getHost() + ":" + url.getPort();
    String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    this.subscribe = ("GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    this.prime = prime == null ? null
        : ("GET " + prime + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::loop, THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens {@code count} more subscriptions (at most {@value #MAX_PENDING} connecting at a time). */
  void open(int count) {
    wanted += count;
    selector.wakeup();
  }

  /** Waits until every subscription asked for streams or failed; false on timeout. */
  boolean awaitOpen(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (streaming + failed + disconnected < wanted) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Events whose send time is in [start, end) (in {@link SendTime}) are counted and timed. */
  void window(long start, long end) {
    windowStart = start;
    windowEnd = end;
  }

  /**
   * Gaps between reads are recorded while now is in [from, until) (in {@link SendTime}); at close,
   * open subscriptions that read nothing for more than {@code silentMillis} before {@code until}
   * are counted as silent.
   */
  void gaps(long from, long until, long silentMillis) {
    this.silentNanos = silentMillis * 1_000_000;
    gapsFrom = from;
    gapsUntil = until;
  }

  int streaming() {
    return streaming;
  }

  int failed() {
    return failed;
  }

  int disconnected() {
    return disconnected;
  }

  String firstFailure() {
    return firstFailure;
  }

  /** Events in the window delivered so far, summed over subscribers (updated every loop turn). */
  long deliveredSoFar() {
    return deliveredSoFar;
  }

  /** CPU time of the selector thread so far, in nanoseconds. */
  long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
  }

  /** Before the window: also keep each delivery's send time and latency, up to {@code capacity}. */
  void logDeliveries(int capacity) {
    loggedSent = new long[capacity];
    loggedLatency = new long[capacity];
  }

  /**
   * After {@link #close()}: the logged deliveries, one line each, {@code <send time ns> <latency ns>}
   * in arrival order; which event a delivery was is its send time, unique per event.
   */
  void writeDeliveries(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("# send_ns latency_ns");
      for (int i = 0; i < logged; i++) {
        out.println(loggedSent[i] + " " + loggedLatency[i]);
      }
    }
  }

  /** After {@link #close()}: the latencies of the events in the window. */
  Histogram latencyMicros() {
    return latencyMicros;
  }

  /** After {@link #close()}: the gaps between reads in the gap period. */
  Histogram gapMillis() {
    return gapMillis;
  }

  /** After {@link #close()}: events in the window, summed over subscribers. */
  long delivered() {
    return delivered;
  }

  /** After {@link #close()}: events sent outside the window (warm-up, drain). */
  long outsideWindow() {
    return outsideWindow;
  }

  /** After {@link #close()}: open subscriptions silent for too long at the end of the gap period (see gaps). */
  int silent() {
    return Math.max(silent, 0);
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    selector.wakeup();
    thread.join(30_000);
  }

  private void loop() {
    try {
      while (!stopping) {
        openMore();
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        deliveredSoFar = delivered;
        if (silent < 0 && SendTime.now() >= gapsUntil) {
          countSilent();
        }
      }
    } catch (IOException e) {
      fail(null, e);
    } finally {
      for (Connection c : connections) {
        closeQuietly(c);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** At the end of the gap period: open subscriptions that have read nothing for too long. */
  private void countSilent() {
    int count = 0;
    for (Connection c : connections) {
      if (c.phase == STREAMING && c.open && gapsUntil - c.lastRead > silentNanos) {
        count++;
      }
    }
    silent = count;
  }

  private void openMore() {
    while (opened < wanted && pending < MAX_PENDING) {
      opened++;
      pending++;
      Connection c = new Connection();
      c.open = true;
      connections.add(c);
      try {
        c.channel = SocketChannel.open();
        c.channel.configureBlocking(false);
        c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (c.channel.connect(address)) {
          connected(c);
        } else {
          c.channel.register(selector, SelectionKey.OP_CONNECT, c);
        }
      } catch (IOException e) {
        fail(c, e);
      }
    }
  }

  private void handle(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    if (!key.isValid()) {
      return;
    }
    try {
      if (key.isConnectable()) {
        c.channel.finishConnect();
        connected(c);
      } else if (key.isReadable()) {
        read(c);
      }
    } catch (IOException e) {
      if (c.phase == STREAMING) {
        disconnect(c);
      } else {
        fail(c, e);
      }
    }
  }

  private void connected(Connection c) throws IOException {
    c.phase = prime != null ? PRIMING : HEAD;
    write(c, prime != null ? prime : subscribe);
    c.channel.register(selector, SelectionKey.OP_READ, c);
  }

  private static void write(Connection c, byte[] request) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(request);
    c.channel.write(out);
    if (out.hasRemaining()) {
      throw new IOException("could not send the request at once");
    }
  }

  private void read(Connection c) throws IOException {
    byte[] a = buffer.array();
    int carried = c.carried;
    if (carried > 0) {
      System.arraycopy(c.carry, 0, a, CARRY - carried, carried);
      c.carried = 0;
    }
    buffer.clear().position(CARRY);
    int n = c.channel.read(buffer);
    if (n < 0) {
      if (c.phase == STREAMING) {
        disconnect(c);
      } else {
        fail(c, new IOException("closed before the response head"));
      }
      return;
    }
    if (n == 0) {
      return;
    }
    long now = SendTime.now();
    int from = CARRY - carried;
    int end = CARRY + n;
    if (c.phase != STREAMING) {
      from = head(c, a, from, end, now);
      if (from < 0) {
        return;
      }
    } else if (now >= gapsFrom && now < gapsUntil && c.lastRead >= gapsFrom) {
      gapMillis.recordValue(Math.min((now - c.lastRead) / 1_000_000, 3_600_000L));
    }
    c.lastRead = now;
    scan(c, a, from, end, now);
  }

  /** Consumes the response head; returns where the body starts in {@code a}, or -1 (more to come, or failed). */
  private int head(Connection c, byte[] a, int from, int end, long now) throws IOException {
    for (int i = from; i < end; i++) {
      byte b = a[i];
      if (c.headBytes >= 9 && c.headBytes < 12) {
        c.status = c.status * 10 + (b - '0');
      }
      c.headBytes++;
      c.crlf = (b == '\r' && (c.crlf == 0 || c.crlf == 2)) || (b == '\n' && (c.crlf == 1 || c.crlf == 3)) ? c.crlf + 1
          : (b == '\r' ? 1 : 0);
      if (c.crlf < 4) {
        continue;
      }
      int status = c.status;
      c.crlf = 0;
      c.headBytes = 0;
      c.status = 0;
      if (c.phase == PRIMING) {
        if (status / 100 != 2) {
          fail(c, new IOException("prime request answered " + status));
          return -1;
        }
        c.phase = HEAD;
        write(c, subscribe);
        return -1;
      }
      if (status != 200) {
        fail(c, new IOException("subscription answered " + status));
        return -1;
      }
      c.phase = STREAMING;
      c.lastRead = now;
      pending--;
      streaming++;
      return i + 1;
    }
    return -1;
  }

  private void scan(Connection c, byte[] a, int from, int end, long now) {
    int last = MARKER.length - 1;
    int consumed = from;
    int pos = from + last;
    while (pos < end) {
      byte b = a[pos];
      if (b == MARKER[last] && matchesAt(a, pos - last)) {
        int digit = pos + 1;
        long sent = 0;
        while (digit < end && a[digit] >= '0' && a[digit] <= '9') {
          sent = sent * 10 + (a[digit] - '0');
          digit++;
        }
        if (digit == end) {
          // The number may go on in the next read: keep the field from its start.
          consumed = pos - last;
          carry(c, a, consumed, end);
          return;
        }
        event(sent, now);
        consumed = digit;
        pos = digit + last;
      } else {
        pos += SKIP[b & 0xFF];
      }
    }
    // No whole field starts after `consumed` except possibly in the last few bytes: keep those.
    carry(c, a, Math.max(consumed, end - last), end);
  }

  private void event(long sent, long now) {
    if (sent >= windowStart && sent < windowEnd) {
      delivered++;
      if (loggedSent != null && logged < loggedSent.length) {
        loggedSent[logged] = sent;
        loggedLatency[logged++] = now - sent;
      }
      latencyMicros.recordValue(Math.max(0, Math.min((now - sent) / 1_000, 120_000_000L)));
    } else {
      outsideWindow++;
    }
  }

  private static boolean matchesAt(byte[] a, int start) {
    for (int k = 0; k < MARKER.length; k++) {
      if (a[start + k] != MARKER[k]) {
        return false;
      }
    }
    return true;
  }

  private static void carry(Connection c, byte[] a, int from, int end) {
    int length = end - from;
    if (length <= 0) {
      return;
    }
    if (c.carry == null) {
      c.carry = new byte[CARRY];
    }
    System.arraycopy(a, from, c.carry, 0, length);
    c.carried = length;
  }

  private static int[] skipTable(byte[] pattern) {
    int[] skip = new int[256];
    java.util.Arrays.fill(skip, pattern.length);
    for (int i = 0; i < pattern.length - 1; i++) {
      skip[pattern[i] & 0xFF] = pattern.length - 1 - i;
    }
    return skip;
  }

  private void disconnect(Connection c) {
    if (c.open) {
      disconnected++;
      streaming--;
    }
    closeQuietly(c);
  }

  private void fail(Connection c, IOException e) {
    if (firstFailure == null) {
      firstFailure = e.getMessage();
    }
    if (c != null) {
      if (c.open) {
        failed++;
        pending--;
      }
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    c.open = false;
    if (c.channel != null) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  /** The little a subscription needs between reads. */
  private static final class Connection {
    SocketChannel channel;
    boolean open;
    int phase;
    int headBytes;
    int status;
    int crlf;
    long lastRead;
    byte[] carry;
    int carried;
  }
}
