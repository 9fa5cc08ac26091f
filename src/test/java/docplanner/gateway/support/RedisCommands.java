package docplanner.gateway.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny blocking RESP client for test assertions (XLEN, XRANGE, KEYS ...), independent of the
 * Vert.x client under test. Replies come back as Java values: String, Long, List, or null.
 */
public final class RedisCommands {

  private RedisCommands() {
  }

  public static String call(String host, int port, String... args) {
    return String.valueOf(value(host, port, args));
  }

  public static Object value(String host, int port, String... args) {
    return authenticated(host, port, "", args);
  }

  /** The same on a server that wants a password ({@code AUTH} first; empty: none). */
  public static Object authenticated(String host, int port, String password, String... args) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder();
      if (!password.isEmpty()) {
        encode(request, "AUTH", password);
      }
      encode(request, args);
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      if (!password.isEmpty()) {
        read(in);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void encode(StringBuilder request, String... args) {
    request.append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        return "ERR:" + line;
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] data = in.readNBytes(len);
        line(in);
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(read(in));
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type " + (char) type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }
}
