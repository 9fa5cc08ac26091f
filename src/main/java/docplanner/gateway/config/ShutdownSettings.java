package docplanner.gateway.config;

import java.time.Duration;

/** How long a stopping gateway lets in-flight work finish. */
public record ShutdownSettings(Duration gracePeriod) {

  static ShutdownSettings from(ConfigValues v) {
    return new ShutdownSettings(v.duration("shutdown.grace-period"));
  }
}
