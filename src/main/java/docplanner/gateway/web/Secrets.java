package docplanner.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Compares presented secrets with configured ones in constant time (no early exit to time). */
public final class Secrets {

  private Secrets() {
  }

  public static boolean equal(String presented, String expected) {
    if (presented == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code presented} equals one of {@code accepted}; every candidate is compared. */
  public static boolean oneOf(String presented, List<String> accepted) {
    boolean match = false;
    for (String candidate : accepted) {
      match |= equal(presented, candidate);
    }
    return match;
  }
}
