package docplanner.gateway.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GATEWAY_*} environment variables that set no configuration key. Each is almost always a
 * typo ({@code GATEWAY_PUSH_PROT}), and a typo in the environment would otherwise be ignored
 * without a word while the default applies; so each is named with the nearest real variable.
 */
public final class UnknownEnv {

  private UnknownEnv() {
  }

  /** One message per unknown variable, in name order; empty when every {@code GATEWAY_*} variable is a key. */
  public static List<String> find(Map<String, String> env) {
    List<String> known = new ArrayList<>();
    for (String key : ConfigLoader.keys()) {
      known.add(ConfigLoader.envName(key));
    }
    List<String> messages = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ConfigLoader.ENV_PREFIX) && !known.contains(name)) {
        messages.add(name + " matches no configuration key (did you mean " + nearest(name, known) + "?)");
      }
    }
    return List.copyOf(messages);
  }

  /** The known name with the fewest single-character edits from {@code name} (the first of equals). */
  static String nearest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
