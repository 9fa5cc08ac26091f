package docplanner.gateway.upstream;

import org.slf4j.Logger;

/**
 * Logs a loop's problems once each: a problem is logged when it differs from the previous one, and
 * the return to work once, so an outage is two lines, not one per retry. Refused credentials are an
 * ERROR (someone must fix the configuration), the rest WARN. Owned by one event loop.
 */
final class ProblemLog {

  private final Logger log;
  private final String loop;
  private String last;

  /** @param loop the prefix of every line ("pull", "release") */
  ProblemLog(Logger log, String loop) {
    this.log = log;
    this.loop = loop;
  }

  /** @param key what makes two problems the same one (a kind and status, a batch number) */
  void report(String kind, String key, String message) {
    if (key.equals(last)) {
      return;
    }
    last = key;
    if (UpstreamFailure.Kind.CREDENTIALS_REJECTED.label().equals(kind)) {
      log.error("{}: {}", loop, message);
    } else {
      log.warn("{}: {}", loop, message);
    }
  }

  void recovered() {
    if (last != null) {
      log.info("{}: working again", loop);
      last = null;
    }
  }
}
