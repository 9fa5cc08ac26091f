package docplanner.gateway.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client over a plain socket (HTTP/1.1, chunked), independent of the code
 * under test: it records status, headers, events, comments and retry hints, and whether the
 * server closed the stream.
 */
public final class SseClient implements AutoCloseable {

  private final Socket socket;
  private final List<SseEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final List<String> retries = new CopyOnWriteArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final CountDownLatch headersRead = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Signal arrived = new Signal();
  private volatile int status;
  private volatile String errorBody = "";

  private SseClient(Socket socket) {
    this.socket = socket;
  }

  /** Opens {@code GET path} on localhost:port with optional extra headers, and starts reading. */
  public static SseClient open(int port, String path, Map<String, String> extraHeaders) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\n")
        .append("Accept: text/event-stream\r\n");
    extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    SseClient client = new SseClient(socket);
    Thread reader = new Thread(client::readLoop, "sse-client-" + port);
    reader.setDaemon(true);
    reader.start();
    return client;
  }

  public static SseClient open(int port, String path) throws IOException {
    return open(port, path, Map.of());
  }

  /** Waits for the response head; returns the status code. */
  public int status() throws InterruptedException {
    headersRead.await(10, TimeUnit.SECONDS);
    return status;
  }

  public String header(String name) throws InterruptedException {
    headersRead.await(10, TimeUnit.SECONDS);
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body of a non-200 answer (a problem+json). */
  public String errorBody() throws InterruptedException {
    ended.await(10, TimeUnit.SECONDS);
    return errorBody;
  }

  public List<SseEvent> events() {
    return new ArrayList<>(events);
  }

  /** Events other than {@code reset}. */
  public List<SseEvent> deliveries() {
    List<SseEvent> out = new ArrayList<>();
    for (SseEvent e : events) {
      if (!"reset".equals(e.event())) {
        out.add(e);
      }
    }
    return out;
  }

  public List<String> comments() {
    return new ArrayList<>(comments);
  }

  public List<String> retries() {
    return new ArrayList<>(retries);
  }

  /** Waits until at least {@code n} events (any type) arrived; returns them. */
  public List<SseEvent> await(int n, Duration timeout) throws InterruptedException {
    arrived.awaitUntil(() -> events.size() >= n || ended.getCount() == 0, timeout);
    return events();
  }

  /** True once the server ended or dropped the stream. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isEnded() {
    return ended.getCount() == 0;
  }

  /** The id of the last event received (what a client would send as Last-Event-ID). */
  public String lastId() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).id() != null) {
        return events.get(i).id();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void readLoop() {
    try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
      String statusLine = line(in);
      status = statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
      String h;
      while ((h = line(in)) != null && !h.isEmpty()) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      headersRead.countDown();
      InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new ChunkedInputStream(in) : in;
      if (status != 200) {
        String length = headers.get("content-length");
        byte[] bytes = length == null ? body.readAllBytes() : body.readNBytes(Integer.parseInt(length));
        errorBody = new String(bytes, StandardCharsets.UTF_8);
        return;
      }
      parseEvents(body);
    } catch (IOException | RuntimeException e) {
      // closed by us or by the server
    } finally {
      headersRead.countDown();
      ended.countDown();
      arrived.signal();
    }
  }

  private void parseEvents(InputStream body) throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = line(body)) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new SseEvent(id, event == null ? "message" : event, data.toString()));
          arrived.signal();
        }
        id = null;
        event = null;
        data = null;
      } else if (line.startsWith(":")) {
        comments.add(line.substring(1).trim());
      } else {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        switch (field) {
          case "id" -> id = value;
          case "event" -> event = value;
          case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          case "retry" -> retries.add(value);
          default -> { }
        }
      }
    }
  }

  /**
   * Subscribes on a connected socket: {@code GET path} with {@code extraHeaders} (whole lines, each
   * ending in CRLF), reads the head and returns the event stream's body (de-chunked); an answer
   * other than 200 is an IOException. For the long-running subscribers that parse the stream
   * themselves (e2e, consumer groups).
   */
  public static InputStream stream(Socket socket, String host, String path, String extraHeaders) throws IOException {
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream(), 65_536);
    String status = line(in);
    if (status == null || !status.startsWith("HTTP/1.1 200")) {
      throw new IOException("SSE answered " + status);
    }
    boolean chunked = false;
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      String lower = header.toLowerCase(Locale.ROOT);
      chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
    }
    return chunked ? new ChunkedInputStream(in) : in;
  }

  /** Reads a line ended by LF (CR LF tolerated); null at the end of the stream. */
  public static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = buf.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }

  /** Decodes HTTP/1.1 chunked transfer coding (also used by the e2e driver: JDK only, no Vert.x). */
  public static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private int remaining;
    private boolean done;

    public ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (done) {
        return -1;
      }
      if (remaining == 0) {
        String size = line(in);
        if (size != null && size.isEmpty()) {
          size = line(in); // CRLF after the previous chunk
        }
        if (size == null) {
          done = true;
          return -1;
        }
        int semi = size.indexOf(';');
        remaining = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (remaining == 0) {
          done = true;
          return -1;
        }
      }
      int b = in.read();
      if (b == -1) {
        done = true;
        return -1;
      }
      remaining--;
      return b;
    }
  }
}
