package docplanner.gateway.config;

/** The whole configuration, validated once at startup; verticles receive the parts they need. */
public record GatewayConfig(
    RedisSettings redis,
    PushSettings push,
    StreamSettings stream,
    ApprovalSettings approval,
    FeedSettings feed,
    ShutdownSettings shutdown,
    LogSettings log,
    UpstreamSettings upstream,
    SandboxSettings sandbox,
    SecuritySettings security,
    GroupSettings groups) {

  static GatewayConfig from(ConfigValues v) {
    return new GatewayConfig(
        RedisSettings.from(v),
        PushSettings.from(v),
        StreamSettings.from(v),
        ApprovalSettings.from(v),
        FeedSettings.from(v),
        ShutdownSettings.from(v),
        LogSettings.from(v),
        UpstreamSettings.from(v),
        SandboxSettings.from(v),
        SecuritySettings.from(v),
        GroupSettings.from(v));
  }

  public GatewayConfig withUpstream(UpstreamSettings u) {
    return new GatewayConfig(redis, push, stream, approval, feed, shutdown, log, u, sandbox, security, groups);
  }

  public GatewayConfig withRedis(RedisSettings r) {
    return new GatewayConfig(r, push, stream, approval, feed, shutdown, log, upstream, sandbox, security, groups);
  }
}
