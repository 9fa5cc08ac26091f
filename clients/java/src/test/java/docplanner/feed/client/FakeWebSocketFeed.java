package docplanner.feed.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for {@code GET /events/ws} (RFC 6455, just enough of it): it accepts one connection
 * at a time, records its URI and every text frame the client sends (acks, nacks), and lets the
 * test send text messages and close the connection with a status code.
 */
final class FakeWebSocketFeed implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  final BlockingQueue<URI> subscriptions = new LinkedBlockingQueue<>();
  final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final BlockingQueue<Socket> connections = new LinkedBlockingQueue<>();
  private volatile Socket current;

  FakeWebSocketFeed() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fake-ws-feed");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Waits for the next connection (up to 5 s); messages then go to it. */
  FakeWebSocketFeed awaitConnection() throws InterruptedException {
    current = FakeFeed.take(connections);
    return this;
  }

  /** Sends a text message on the current connection. */
  FakeWebSocketFeed send(String text) throws IOException {
    frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Closes the current connection with {@code code}, as the gateway does on shutdown (1012). */
  void closeWith(int code) throws IOException {
    frame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
  }

  private void frame(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    frame.write(payload);
    OutputStream out = current.getOutputStream();
    synchronized (this) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String key = null;
        String requestLine = line(in);
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          if (header.toLowerCase().startsWith("sec-websocket-key:")) {
            key = header.substring(header.indexOf(':') + 1).trim();
          }
        }
        subscriptions.add(URI.create(requestLine.split(" ")[1]));
        String accept = Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread reader = new Thread(() -> read(in), "fake-ws-reader");
        reader.setDaemon(true);
        reader.start();
        connections.add(socket);
      } catch (Exception e) {
        return;
      }
    }
  }

  /** Client frames: always masked; text ones are recorded. */
  private void read(InputStream raw) {
    DataInputStream in = new DataInputStream(raw);
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if ((first & 0x0f) == 0x1) {
          frames.add(new String(payload, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException closed) {
      // the connection ended
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Socket open = current;
    if (open != null) {
      open.close();
    }
  }
}
