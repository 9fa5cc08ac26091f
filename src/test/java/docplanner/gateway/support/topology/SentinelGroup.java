package docplanner.gateway.support.topology;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A primary, one replica and three sentinels watching them as {@value #MASTER}, all real
 * processes on free ports, killed after the class. The sentinels decide quickly (the primary is
 * down after {@value #DOWN_AFTER_MS} ms without an answer), so a failover takes a few seconds.
 */
public final class SentinelGroup implements BeforeAllCallback, AfterAllCallback {

  public static final String MASTER = "mymaster";
  static final int DOWN_AFTER_MS = 1000;

  private final String password;
  private RedisNode primary;
  private RedisNode replica;
  private final List<RedisNode> sentinels = new ArrayList<>();

  /**
   * @param password what the primary and the replica require (and the sentinels use with them); the
   *                 sentinels themselves have none
   */
  public SentinelGroup(String password) {
    this.password = password;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path dir = Files.createTempDirectory("docplanner-gateway-sentinel");
    primary = RedisNode.server(dir, "primary", List.of(), password);
    replica = RedisNode.server(dir, "replica", List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port())),
        password);
    for (int i = 0; i < 3; i++) {
      int port = RedisNode.freePort();
      Path conf = Files.createDirectories(dir.resolve("sentinel-" + i)).resolve("sentinel.conf");
      // Sentinels rewrite their file (what they learn), so each has its own.
      Files.writeString(conf, String.join("\n",
          "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " 2",
          "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MS,
          "sentinel failover-timeout " + MASTER + " 5000",
          "sentinel parallel-syncs " + MASTER + " 1",
          password.isEmpty() ? "" : "sentinel auth-pass " + MASTER + " " + password, ""));
      sentinels.add(RedisNode.start(dir, "sentinel-" + i, port, List.of(conf.toString(), "--sentinel"), List.of(), ""));
    }
    await("replica in sync").atMost(Duration.ofSeconds(20))
        .until(() -> "up".equals(replica.info("master_link_status")));
    await("every sentinel knows the others and the replica").atMost(Duration.ofSeconds(30))
        .until(() -> sentinels.stream().allMatch(s -> s.call("SENTINEL", "CKQUORUM", MASTER).startsWith("OK 3 usable")
            && ((List<?>) s.value("SENTINEL", "REPLICAS", MASTER)).size() == 1));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sentinels.forEach(RedisNode::close);
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  public RedisNode primary() {
    return primary;
  }

  public RedisNode replica() {
    return replica;
  }

  /** The sentinels' URLs, comma-separated, as redis.url takes them. */
  public String sentinelUrls() {
    return sentinels.stream().map(RedisNode::url).collect(Collectors.joining(","));
  }

  /** The port of the primary the first sentinel names now. */
  public int currentPrimaryPort() {
    List<?> addr = (List<?>) sentinels.get(0).value("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
    return Integer.parseInt((String) addr.get(1));
  }
}
