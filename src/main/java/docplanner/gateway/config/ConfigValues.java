package docplanner.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads over the flat configuration. Values may arrive as YAML scalars or as environment
 * strings, so every reader accepts both; errors name the key, the bad value and the expected form.
 */
public final class ConfigValues {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB|k|m|g)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, Object> values;

  ConfigValues(Map<String, Object> values) {
    this.values = values;
  }

  Map<String, Object> raw() {
    return values;
  }

  private Object value(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("no configuration key " + key);
    }
    return values.get(key);
  }

  public String string(String key) {
    return String.valueOf(value(key)).trim();
  }

  public int integer(String key, int min, int max) {
    String text = string(key);
    int parsed;
    try {
      parsed = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw bad(key, text, "a whole number");
    }
    if (parsed < min || parsed > max) {
      throw bad(key, text, "a number from " + min + " to " + max);
    }
    return parsed;
  }

  public int port(String key) {
    return integer(key, 0, 65535);
  }

  public boolean bool(String key) {
    String text = string(key).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0", "" -> false;
      default -> throw bad(key, text, "true or false");
    };
  }

  public Duration duration(String key) {
    return duration(key, string(key));
  }

  /** A list of durations (YAML list or comma-separated), e.g. {@code [5m, 10m]}; may be empty. */
  public List<Duration> durations(String key) {
    List<Duration> out = new ArrayList<>();
    for (String item : list(key)) {
      out.add(duration(key, item));
    }
    return List.copyOf(out);
  }

  /** A decimal number from {@code min} to {@code max}, such as a rate or a share. */
  public double decimal(String key, double min, double max) {
    String text = string(key);
    double parsed;
    try {
      parsed = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(key, text, "a number");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw bad(key, text, "a number from " + min + " to " + max);
    }
    return parsed;
  }

  private static Duration duration(String key, String text) {
    Duration parsed = parseDuration(text);
    if (parsed == null) {
      throw bad(key, text, "a duration such as 250ms, 2s, 5m, 1h or 14d");
    }
    return parsed;
  }

  /** {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 14d} (a bare number is milliseconds); null when malformed. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 12) {
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  public Duration positiveDuration(String key) {
    Duration d = duration(key);
    if (d.isZero()) {
      throw bad(key, string(key), "a duration above zero");
    }
    return d;
  }

  public int bytes(String key) {
    String text = string(key);
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw bad(key, text, "a size such as 262144, 256KiB or 1MiB");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long multiplier = switch (unit) {
      case "kib", "kb", "k" -> 1024L;
      case "mib", "mb", "m" -> 1024L * 1024;
      case "gib", "gb", "g" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    long total = amount * multiplier;
    if (total <= 0 || total > Integer.MAX_VALUE) {
      throw bad(key, text, "a size above zero and below 2GiB");
    }
    return (int) total;
  }

  /** A YAML list, or a comma-separated string (how lists arrive from the environment). */
  public List<String> list(String key) {
    Object value = value(key);
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) {
        addTrimmed(out, String.valueOf(item));
      }
    } else {
      for (String part : String.valueOf(value).split(",")) {
        addTrimmed(out, part);
      }
    }
    return List.copyOf(out);
  }

  private static void addTrimmed(List<String> out, String item) {
    String trimmed = item.trim();
    if (!trimmed.isEmpty()) {
      out.add(trimmed);
    }
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String text = string(key);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw bad(key, text, "one of " + String.join(", ", names));
  }

  /** The error for a malformed value; it names the key and shows the value, except a secret or a URL's password. */
  public static ConfigException bad(String key, String value, String expected) {
    String shown = ConfigLoader.isSecret(key) && !value.isEmpty() ? "***" : withoutPassword(value);
    return new ConfigException("configuration key " + key + " (env " + ConfigLoader.envName(key) + ") is '"
        + shown + "', expected " + expected);
  }

  private static final Pattern USER_INFO = Pattern.compile("(://[^/@:]*)(:[^/@]*)?@");

  /** {@code redis://user:secret@host} becomes {@code redis://user:***@host}; other text is unchanged. */
  public static String withoutPassword(String text) {
    Matcher m = USER_INFO.matcher(text);
    if (!m.find()) {
      return text;
    }
    String user = m.group(1);
    return text.substring(0, m.start()) + (m.group(2) == null ? "://***" : user + ":***") + "@" + text.substring(m.end());
  }
}
