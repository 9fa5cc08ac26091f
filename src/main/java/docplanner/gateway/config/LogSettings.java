package docplanner.gateway.config;

/** How the process logs. */
public record LogSettings(Format format, String level) {

  /** text for humans, json for log shippers. */
  public enum Format { TEXT, JSON }

  static LogSettings from(ConfigValues v) {
    String level = v.string("log.level").toUpperCase(java.util.Locale.ROOT);
    if (!level.matches("TRACE|DEBUG|INFO|WARN|ERROR")) {
      throw ConfigValues.bad("log.level", level, "one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    return new LogSettings(v.choice("log.format", Format.class), level);
  }
}
