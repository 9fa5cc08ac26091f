package docplanner.gateway.config;

/** A configuration value is missing, unknown or malformed; the message names the key and the fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
