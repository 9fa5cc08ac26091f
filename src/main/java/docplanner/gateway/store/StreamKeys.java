package docplanner.gateway.store;

/**
 * Every Redis key that belongs to one stream, named so they all hash to the stream's slot: on a
 * Redis Cluster a script may only touch keys of one slot, and the store script touches the stream
 * and its dedupe index in one atomic call. The stream keeps the configured name (so an existing
 * stream, and every resume id in it, stays where it is); the other keys carry the stream's name as
 * a hash tag, {@code {docplanner:events}:seen:…}, which Redis hashes exactly like the untagged
 * name. A {@code stream.key} that already has a tag ({@code {tenant-a}:events}) is its own prefix.
 */
public record StreamKeys(String stream, String prefix) {

  /** @throws IllegalArgumentException for a name with braces that are no hash tag (no prefix would share its slot) */
  public static StreamKeys of(String streamKey) {
    if (hasHashTag(streamKey)) {
      return new StreamKeys(streamKey, streamKey);
    }
    if (streamKey.indexOf('}') >= 0) {
      // Wrapped in braces, Redis would hash only up to this '}', not the whole name.
      throw new IllegalArgumentException("a '}' that ends no hash tag; use a {tag} or no braces");
    }
    return new StreamKeys(streamKey, "{" + streamKey + "}");
  }

  /** Redis's rule: the first '{' followed, later, by a '}' with at least one character between. */
  static boolean hasHashTag(String key) {
    int open = key.indexOf('{');
    if (open < 0) {
      return false;
    }
    int close = key.indexOf('}', open + 1);
    return close > open + 1;
  }

  /** The dedupe index: fingerprints remembered for the dedupe window. */
  public String dedupe() {
    return prefix + ":seen";
  }

  /** Keys of the upstream side of one API client (its pull lease, its hourly release). */
  public String upstream(String clientId) {
    return prefix + ":upstream:" + clientId;
  }

  /** The key readiness writes (expiring) to prove the stream's Redis node accepts writes. */
  public String readinessProbe() {
    return prefix + ":ready";
  }

  /** The key written between a store and its WAIT, so WAIT covers every earlier write (see ReplicaAcks). */
  public String replicationFence() {
    return prefix + ":fence";
  }

  /** The consumer group's dead-letter stream. */
  public String deadLetters(String group) {
    return prefix + ":dead:" + group;
  }
}
