package docplanner.gateway.tail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code tail} command line. */
record TailOptions(URI url, String since, String names, String facility, String doctor, String group, String consumer,
                   Path checkpoint, Duration checkpointEvery, String token, long max) {

  static final String USAGE = String.join("\n",
      "usage: java -jar docplanner-gateway.jar tail [--url URL] [--since ID] [--names a,b] [--facility IDS] [--doctor IDS]",
      "           [--group G [--consumer C]] [--checkpoint FILE [--checkpoint-every MS]] [--token T] [--max N]",
      "  prints the feed as JSON lines (one envelope per line) on stdout; diagnostics, resets and the",
      "  group subscription on stderr; reconnects by itself; exits 0 on Ctrl-C, SIGTERM or a closed stdout",
      "  --url URL            the feed port (default http://localhost:8081)",
      "  --since ID           start after ID (0: everything retained; default: live); a checkpoint wins",
      "  --names, --facility, --doctor   filters, comma-separated",
      "  --group G            consumer-group mode: each event is printed by one tail of the group, then acked",
      "  --consumer C         this tail's name in the group (default: one the gateway generates)",
      "  --checkpoint FILE    broadcast: keep the last printed id in FILE and resume after it",
      "  --checkpoint-every MS  write the checkpoint at most this often (default 500; always on exit)",
      "  --token T            a feed token (feed.tokens)",
      "  --max N              exit 0 after printing N events");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static TailOptions parse(String[] args) {
    URI url = URI.create("http://localhost:8081");
    String since = null;
    String names = null;
    String facility = null;
    String doctor = null;
    String group = null;
    String consumer = null;
    Path checkpoint = null;
    Duration every = Duration.ofMillis(500);
    String token = null;
    long max = -1;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (!seen.add(option)) {
        throw new IllegalArgumentException(option + " is given twice");
      }
      if (option.equals("--help") || option.equals("-h")) {
        throw new HelpRequested();
      }
      if (!option.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--url" -> url = url(value);
        case "--since" -> since = value;
        case "--names" -> names = value;
        case "--facility" -> facility = value;
        case "--doctor" -> doctor = value;
        case "--group" -> group = name("--group", value);
        case "--consumer" -> consumer = name("--consumer", value);
        case "--checkpoint" -> checkpoint = Path.of(value);
        case "--checkpoint-every" -> every = Duration.ofMillis(number(option, value));
        case "--token" -> token = value;
        case "--max" -> max = number(option, value);
        default -> throw new IllegalArgumentException("unknown argument " + option);
      }
    }
    if (consumer != null && group == null) {
      throw new IllegalArgumentException("--consumer needs --group");
    }
    if (checkpoint != null && group != null) {
      throw new IllegalArgumentException("--checkpoint is for broadcast: a group resumes from its pending list"
          + " (give --consumer to get this tail's pending events back)");
    }
    return new TailOptions(url, since, names, facility, doctor, group, consumer, checkpoint, every, token, max);
  }

  /** The subscription for this start: {@code since} is the checkpoint when there is one; {@code consumer} once known. */
  URI subscription(String resumeAfter, String knownConsumer) {
    List<String> query = new ArrayList<>();
    add(query, "group", group);
    add(query, "consumer", knownConsumer);
    add(query, "since", resumeAfter != null ? resumeAfter : since);
    add(query, "names", names);
    add(query, "facility", facility);
    add(query, "doctor", doctor);
    return URI.create(url + "/events" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
  }

  URI settle(String verb) {
    return URI.create(url + "/events/" + verb);
  }

  private static void add(List<String> query, String key, String value) {
    if (value != null) {
      query.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static URI url(String value) {
    String trimmed = value.replaceAll("/+$", "");
    if (!trimmed.matches("https?://[^/?#]+")) {
      throw new IllegalArgumentException("--url is the feed port, http(s)://host:port, got " + value);
    }
    return URI.create(trimmed);
  }

  private static String name(String option, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(option + " is 1-64 of A-Z a-z 0-9 . _ -, got " + value);
    }
    return value;
  }

  private static long number(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a number >= 0, got " + value);
  }

  /** {@code tail --help}. */
  static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super(null, null, false, false);
    }
  }
}
