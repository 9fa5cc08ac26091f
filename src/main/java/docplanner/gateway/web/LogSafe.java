package docplanner.gateway.web;

/**
 * Text a client chose (a forwarded hop, a request target, a method) made safe to put in a log line:
 * no line breaks or other control characters (a forged line in the log), and bounded in length.
 */
public final class LogSafe {

  static final int MAX = 80;

  private LogSafe() {
  }

  /** Control and non-ASCII characters as {@code ?}, cut to {@value #MAX} characters (marked with …). */
  public static String text(String raw) {
    if (raw == null) {
      return "-";
    }
    int length = Math.min(raw.length(), MAX);
    StringBuilder out = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      out.append(c < 0x20 || c >= 0x7F ? '?' : c);
    }
    if (raw.length() > MAX) {
      out.append('…');
    }
    return out.toString();
  }
}
