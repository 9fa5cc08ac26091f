package docplanner.gateway.upstream;

import docplanner.gateway.store.StreamKeys;

/**
 * Redis keys of the upstream side, next to the stream they feed and per API client (each client has
 * its own queue and its own hourly release): {@code {<stream.key>}:upstream:<client-id>:...}, in the stream's hash slot.
 */
public record UpstreamKeys(String prefix) {

  public static UpstreamKeys of(String streamKey, String clientId) {
    return new UpstreamKeys(StreamKeys.of(streamKey).upstream(clientId));
  }

  /** Holder and fencing token of the replica that pulls. */
  public String pullLease() {
    return prefix + ":pull:lease";
  }

  /** Counter handing out the pull lease's fencing tokens (only grows). */
  public String pullFence() {
    return prefix + ":pull:fence";
  }

  /** The last release: who and when; it expires when the next release is allowed. */
  public String releaseLast() {
    return prefix + ":release:last";
  }

  /** The replica calling release right now (a short lease). */
  public String releaseAttempt() {
    return prefix + ":release:attempt";
  }

  /** Counter handing out release attempt tokens. */
  public String releaseFence() {
    return prefix + ":release:fence";
  }
}
