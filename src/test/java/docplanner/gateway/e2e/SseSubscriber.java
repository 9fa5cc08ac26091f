package docplanner.gateway.e2e;

import docplanner.gateway.support.SseClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** An SSE subscriber on a plain socket: HTTP/1.1, chunked, resuming with Last-Event-ID. */
public final class SseSubscriber extends FeedSubscriber {

  private volatile Socket socket;

  public SseSubscriber(String name, String host, int... ports) {
    super(name, host, ports);
  }

  @Override
  public String protocol() {
    return "sse";
  }

  @Override
  protected void session(String lastId) throws IOException {
    Socket s = new Socket();
    socket = s;
    try (s) {
      s.connect(new InetSocketAddress(host, port()), 2_000);
      InputStream body = SseClient.stream(s, host, "/events" + (lastId == null ? "?since=0" : ""),
          lastId == null ? "" : "Last-Event-ID: " + lastId + "\r\n");
      connections.incrementAndGet();
      connected = true;
      readEvents(body);
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
        String rest = SseClient.line(body);
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
  protected void disconnect() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
