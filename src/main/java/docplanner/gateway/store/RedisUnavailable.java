package docplanner.gateway.store;

/** Redis cannot be reached right now; expected during outages, so it carries no stack trace. */
public final class RedisUnavailable extends RuntimeException {
  public RedisUnavailable(String message) {
    super(message, null, false, false);
  }
}
