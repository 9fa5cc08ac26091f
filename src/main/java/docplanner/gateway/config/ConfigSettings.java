package docplanner.gateway.config;

/** How strictly the configuration itself is checked ({@code config.*} keys). */
public record ConfigSettings(boolean strictEnv) {

  static ConfigSettings from(ConfigValues v) {
    return new ConfigSettings(v.bool("config.strict-env"));
  }
}
