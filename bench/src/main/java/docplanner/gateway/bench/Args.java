package docplanner.gateway.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} command-line options of the bench tools (bench/run passes them all). */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  String string(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return value;
  }

  String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  int integer(String key, int fallback) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
  }

  double decimal(String key, double fallback) {
    return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
  }

  /** Comma-separated process ids ("" or absent: none). */
  long[] pids(String key) {
    String raw = values.getOrDefault(key, "").trim();
    if (raw.isEmpty()) {
      return new long[0];
    }
    String[] parts = raw.split("[,\\s]+");
    long[] pids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      pids[i] = Long.parseLong(parts[i]);
    }
    return pids;
  }
}
