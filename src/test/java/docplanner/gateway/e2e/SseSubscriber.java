package docplanner.gateway.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An SSE subscriber on a plain socket: HTTP/1.1, chunked, resuming with Last-Event-ID. */
final class SseSubscriber extends FeedSubscriber {

  private volatile Socket socket;

  SseSubscriber(String name, String host, int port) {
    super(name, host, port);
  }

  @Override
  String protocol() {
    return "sse";
  }

  @Override
  void session(String lastId) throws IOException {
    Socket s = new Socket();
    socket = s;
    try (s) {
      s.connect(new InetSocketAddress(host, port), 2_000);
      s.setTcpNoDelay(true);
      StringBuilder request = new StringBuilder("GET /events").append(lastId == null ? "?since=0" : "")
          .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nAccept: text/event-stream\r\n");
      if (lastId != null) {
        request.append("Last-Event-ID: ").append(lastId).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 65_536);
      String status = line(in);
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        throw new IOException("SSE answered " + status);
      }
      boolean chunked = false;
      String header;
      while ((header = line(in)) != null && !header.isEmpty()) {
        if (header.toLowerCase().startsWith("transfer-encoding:") && header.toLowerCase().contains("chunked")) {
          chunked = true;
        }
      }
      connections.incrementAndGet();
      connected = true;
      readEvents(chunked ? new Chunked(in) : in);
    } finally {
      socket = null;
    }
  }

  /** Reads events, keeping only their ids; data lines are skipped without being decoded. */
  private void readEvents(InputStream body) throws IOException {
    String id = null;
    boolean reset = false;
    int c;
    while ((c = body.read()) != -1) {
      if (c == '\n') {
        if (reset) {
          resets++;
        } else if (id != null) {
          received(id);
        }
        id = null;
        reset = false;
      } else if (c == 'i' || c == 'e') {
        String rest = line(body);
        if (rest == null) {
          return;
        }
        String field = (char) c + rest;
        if (field.startsWith("id:")) {
          id = field.substring(3).trim();
        } else if (field.equals("event: reset")) {
          reset = true;
        }
      } else if (!skipLine(body)) {
        return;
      }
    }
  }

  /** Skips the rest of a line; false at the end of the stream. */
  private static boolean skipLine(InputStream in) throws IOException {
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        return true;
      }
    }
    return false;
  }

  @Override
  void disconnect() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** One line ended by LF (CR stripped); null at the end of the stream. */
  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c); // ids and field names are ASCII; data lines are skipped unread as text
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** HTTP/1.1 chunked transfer decoding; the end of the stream when the last chunk or EOF comes. */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private int remaining;
    private boolean done;

    Chunked(InputStream in) {
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
          size = line(in);
        }
        if (size == null || size.isEmpty()) {
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
