package docplanner.gateway.feed.group;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Group and consumer names: 1 to 64 of {@code [A-Za-z0-9._-]}. They become parts of Redis keys
 * (the dead-letter stream), metric labels and log lines, so nothing else is let through.
 */
public final class GroupName {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private GroupName() {
  }

  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** A consumer name for a client that gave none: {@code c-} and 12 random hex digits. */
  public static String generatedConsumer() {
    StringBuilder name = new StringBuilder("c-");
    for (int i = 0; i < 12; i++) {
      name.append(HEX[RANDOM.nextInt(16)]);
    }
    return name.toString();
  }
}
