package docplanner.feed.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON this client needs and nothing more: a strict reader (RFC 8259) to plain Java values
 * ({@link Map}, {@link List}, {@link String}, {@link BigDecimal}, {@link Boolean}, {@code null}),
 * the raw text of an object's members (so a notification is handed on exactly as the gateway sent
 * it, numbers included), and string quoting for the frames it writes.
 */
final class Json {

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** The value {@code text} holds; {@link IllegalArgumentException} when it is not exactly one JSON value. */
  static Object parse(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.end();
    return value;
  }

  /** An object's members as their raw JSON text, in order; {@link IllegalArgumentException} when not an object. */
  static Map<String, String> members(String text) {
    Json json = new Json(text);
    Map<String, String> members = new LinkedHashMap<>();
    json.skipSpace();
    json.expect('{');
    json.skipSpace();
    if (json.peek() == '}') {
      json.pos++;
    } else {
      do {
        json.skipSpace();
        String name = json.string();
        json.skipSpace();
        json.expect(':');
        json.skipSpace();
        int start = json.pos;
        json.value();
        members.put(name, text.substring(start, json.pos));
        json.skipSpace();
      } while (json.next(',', '}') == ',');
    }
    json.end();
    return members;
  }

  /** {@code value} as a JSON string literal. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code values} as a JSON array of strings. */
  static String quoteAll(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ",").append(quote(values.get(i)));
    }
    return out.append(']').toString();
  }

  private Object value() {
    skipSpace();
    char c = peek();
    Object value;
    if (c == '{') {
      value = object();
    } else if (c == '[') {
      value = array();
    } else if (c == '"') {
      value = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      value = number();
    } else if (text.startsWith("true", pos)) {
      pos += 4;
      value = Boolean.TRUE;
    } else if (text.startsWith("false", pos)) {
      pos += 5;
      value = Boolean.FALSE;
    } else if (text.startsWith("null", pos)) {
      pos += 4;
      value = null;
    } else {
      throw error("a value");
    }
    skipSpace();
    return value;
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(map);
    }
    do {
      skipSpace();
      String name = string();
      skipSpace();
      expect(':');
      map.put(name, value());
    } while (next(',', '}') == ',');
    return Collections.unmodifiableMap(map);
  }

  private List<Object> array() {
    expect('[');
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    do {
      list.add(value());
    } while (next(',', ']') == ',');
    return Collections.unmodifiableList(list);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("the end of a string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("no control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = pos < text.length() ? text.charAt(pos++) : 0;
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("four hex digits");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException notHex) {
            throw error("four hex digits");
          }
          pos += 4;
        }
        default -> throw error("an escape");
      }
    }
  }

  private BigDecimal number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    return new BigDecimal(text.substring(start, pos));
  }

  private void digits() {
    int start = pos;
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("a digit");
    }
  }

  private char next(char a, char b) {
    skipSpace();
    char c = peek();
    if (c != a && c != b) {
      throw error("'" + a + "' or '" + b + "'");
    }
    pos++;
    return c;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private void end() {
    skipSpace();
    if (pos != text.length()) {
      throw error("the end of the text");
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("malformed JSON: expected " + expected + " at offset " + pos);
  }
}
