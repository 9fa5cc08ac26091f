package docplanner.gateway.config;

/**
 * What the process measures beyond its always-on metrics.
 *
 * @param stageTiming record where each delivered event's time goes, stage by stage (benchmarks,
 *                    finding a latency tail); off costs nothing
 */
public record MetricsSettings(boolean stageTiming) {

  static MetricsSettings from(ConfigValues v) {
    return new MetricsSettings(v.bool("metrics.stage-timing"));
  }
}
