package docplanner.gateway.ingest;

/**
 * Removes insignificant whitespace from JSON that is already known to be valid, changing nothing
 * else: number spellings, string escapes and key order stay exactly as Docplanner sent them.
 * One pass, no parsing, so keeping the original costs next to nothing on the push path.
 */
final class JsonMinifier {

  private JsonMinifier() {
  }

  static byte[] minify(byte[] json, int offset, int length) {
    byte[] out = new byte[length];
    int n = 0;
    boolean inString = false;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = json[i];
      if (inString) {
        out[n++] = b;
        if (b == '\\') {
          out[n++] = json[++i];
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
        out[n++] = b;
      } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        out[n++] = b;
      }
    }
    if (n == length) {
      return out;
    }
    byte[] trimmed = new byte[n];
    System.arraycopy(out, 0, trimmed, 0, n);
    return trimmed;
  }
}
