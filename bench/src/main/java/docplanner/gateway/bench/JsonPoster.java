package docplanner.gateway.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection POSTing JSON bodies to one URL, used by one thread: plain
 * blocking I/O, each request written in one piece, so a caller can take its send time right
 * before and nothing of its own queueing is in the figures.
 */
final class JsonPoster {

  private final Socket socket = new Socket();
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;

  JsonPoster(URI target) throws IOException {
    head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 4096);
  }

  /** Sends one POST in one write; returns the answer's status once it is read whole. */
  int post(byte[] body) throws IOException {
    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + length.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(length, 0, request, head.length, length.length);
    System.arraycopy(body, 0, request, head.length + length.length, body.length);
    out.write(request);
    out.flush();
    return readResponse();
  }

  /** Reads one response (status line, headers, a Content-Length body); returns its status. */
  private int readResponse() throws IOException {
    String status = line();
    if (status.length() < 12) {
      throw new IOException("bad status line: " + status);
    }
    int contentLength = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Integer.parseInt(header.substring(15).trim());
      }
    }
    for (int left = contentLength; left > 0; left--) {
      if (in.read() < 0) {
        throw new IOException("closed mid-body");
      }
    }
    return Integer.parseInt(status.substring(9, 12));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  static void close(JsonPoster poster) {
    if (poster != null) {
      try {
        poster.socket.close();
      } catch (IOException ignored) {
        // gone anyway
      }
    }
  }
}
