package docplanner.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Realistic, unique slot-booked notifications (one line, ~0.95 KB) from the template the wrk
 * script uses too ({@code bench/payload/slot-booked.json}, on the bench classpath): the booking id,
 * doctor, facility and dates vary with a counter, and an optional extra field can be put into
 * {@code data} (the fan-out publisher's send time).
 */
public final class SlotBookedBodies {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z]+)}");

  private final List<String> parts = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();

  private SlotBookedBodies(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    int pos = 0;
    while (m.find()) {
      parts.add(template.substring(pos, m.start()));
      keys.add(m.group(1));
      pos = m.end();
    }
    parts.add(template.substring(pos));
  }

  public static SlotBookedBodies load() {
    try (InputStream in = SlotBookedBodies.class.getResourceAsStream("/slot-booked.json")) {
      if (in == null) {
        throw new IllegalStateException("slot-booked.json is not on the classpath (build with -Pbench)");
      }
      return new SlotBookedBodies(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The body for booking number {@code n} of the series {@code series}.
   *
   * @param extra "" or {@code ,"field":value} appended inside {@code data}
   */
  public byte[] body(String series, long n, String extra) {
    int slot = (int) (n % 46);
    int day = (int) (n / 46 % 28) + 1;
    int hour = slot / 2;
    int minute = (slot % 2) * 30;
    Map<String, String> values = Map.of(
        "ID", series + "-" + n,
        "FACILITY", Long.toString(n % 50 + 1),
        "DOCTOR", Long.toString(100 + n % 900),
        "START", String.format("2026-12-%02dT%02d:%02d:00+01:00", day, hour, minute),
        "END", String.format("2026-12-%02dT%02d:%02d:00+01:00", day, hour + (minute == 30 ? 1 : 0), (minute + 30) % 60),
        "BOOKED", String.format("2026-11-%02dT%02d:%02d:%02d+01:00", day, hour, n % 60, n * 7 % 60),
        "CREATED", String.format("2026-11-%02dT%02d:%02d:%02d+01:00", day, hour, n % 60, (n * 7 + 10) % 60),
        "EXTRA", extra);
    StringBuilder out = new StringBuilder(1100);
    for (int i = 0; i < keys.size(); i++) {
      out.append(parts.get(i)).append(values.get(keys.get(i)));
    }
    return out.append(parts.get(parts.size() - 1)).toString().getBytes(StandardCharsets.UTF_8);
  }
}
