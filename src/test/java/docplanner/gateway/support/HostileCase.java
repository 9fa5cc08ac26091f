package docplanner.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One case of the hostile-input corpus ({@code src/test/resources/hostile/*.case}, format in the
 * README there): a request as raw bytes and the answer it must get. Sent over a plain socket, so
 * nothing between the case and the gateway tidies the request up.
 *
 * @param expectedType the problem type slug for a 4xx/5xx, or {@code stored} / {@code duplicate} for a 2xx
 */
public record HostileCase(String name, String description, String method, String target, List<String> headers,
                          byte[] body, int expectedStatus, String expectedType) {

  public static final Path DIR = Path.of("src/test/resources/hostile");

  /** Every case, in file-name order (so a case can rely on the ones before it, e.g. a duplicate). */
  public static List<HostileCase> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".case")).sorted().map(HostileCase::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HostileCase read(Path file) {
    String fileName = file.getFileName().toString();
    StringBuilder description = new StringBuilder();
    String method = "POST";
    String target = "/docplanner/notifications";
    List<String> headers = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = -1;
    String type = "";
    List<String> lines;
    try {
      lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        description.append(description.length() == 0 ? "" : " ").append(line.substring(1).trim());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(fileName + ": not a directive: " + line);
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).startsWith(" ") ? line.substring(colon + 2) : line.substring(colon + 1);
      switch (key) {
        case "request" -> {
          String[] parts = value.trim().split(" ", 2);
          method = parts[0];
          target = parts[1];
        }
        case "header" -> headers.add(value);
        case "expect" -> {
          String[] parts = value.trim().split("\\s+");
          status = Integer.parseInt(parts[0]);
          type = parts.length > 1 ? parts[1] : "";
        }
        case "body" -> body.writeBytes(unescape(value));
        case "body-hex" -> body.writeBytes(HexFormat.of().parseHex(value.replaceAll("\\s", "")));
        case "body-repeat" -> {
          String[] parts = value.split(" ", 2);
          byte[] unit = unescape(parts[1]);
          for (int i = Integer.parseInt(parts[0]); i > 0; i--) {
            body.writeBytes(unit);
          }
        }
        default -> throw new IllegalArgumentException(fileName + ": unknown directive " + key);
      }
    }
    if (status < 0) {
      throw new IllegalArgumentException(fileName + ": no expect: line");
    }
    return new HostileCase(fileName.substring(0, fileName.length() - ".case".length()), description.toString(), method,
        target, headers, body.toByteArray(), status, type);
  }

  /** UTF-8 text in which {@code \xHH} stands for the raw byte HH. */
  static byte[] unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      int escape = text.indexOf("\\x", i);
      if (escape < 0 || escape + 4 > text.length()) {
        out.writeBytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
        break;
      }
      out.writeBytes(text.substring(i, escape).getBytes(StandardCharsets.UTF_8));
      out.write(Integer.parseInt(text.substring(escape + 2, escape + 4), 16));
      i = escape + 4;
    }
    return out.toByteArray();
  }

  /** The answer: status, headers (lower-case names) and body. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends the case to {@code port} on one connection ({@code Connection: close}, and a
   * {@code Content-Length} unless the case sets its own framing) and reads the answer.
   */
  public Answer send(int port) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Connection: close\r\n");
    boolean framed = false;
    for (String header : headers) {
      String lower = header.toLowerCase(Locale.ROOT);
      framed |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
      head.append(header).append("\r\n");
    }
    if (!framed && (body.length > 0 || method.equals("POST"))) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The gateway may answer (413) and close before the whole body is written: read its answer.
      }
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Answer parse(byte[] raw) throws IOException {
    InputStream in = new java.io.ByteArrayInputStream(raw);
    String statusLine = SseClient.line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
      throw new IOException("no HTTP answer: " + new String(raw, StandardCharsets.UTF_8));
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = SseClient.line(in); line != null && !line.isEmpty(); line = SseClient.line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
        ? new SseClient.ChunkedInputStream(in).readAllBytes()
        : in.readAllBytes();
    return new Answer(status, headers, body);
  }
}
