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
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A real three-primary Redis Cluster on this machine: three {@code redis-server --cluster-enabled
 * yes} processes on free ports, the 16384 slots split between them (ADDSLOTS and MEET, which is
 * what {@code redis-cli --cluster create} does, without needing redis-cli), killed after the class.
 * It can move one slot to another primary while clients use it, as {@code redis-cli --cluster
 * reshard} would: SETSLOT IMPORTING / MIGRATING, MIGRATE of its keys, SETSLOT NODE.
 */
public final class RedisCluster implements BeforeAllCallback, AfterAllCallback {

  private static final int SLOTS = 16384;
  private final List<RedisNode> nodes = new ArrayList<>();
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("docplanner-gateway-cluster");
    for (int i = 0; i < 3; i++) {
      nodes.add(RedisNode.server(dir, "node-" + i, List.of("--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
    }
    for (int i = 0; i < 3; i++) {
      int from = i * SLOTS / 3;
      int to = (i + 1) * SLOTS / 3;
      List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      IntStream.range(from, to).forEach(slot -> args.add(String.valueOf(slot)));
      expectOk(nodes.get(i).call(args.toArray(String[]::new)));
    }
    for (int i = 1; i < 3; i++) {
      expectOk(nodes.get(0).call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(i).port())));
    }
    await("the cluster is ok on every node").atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(n -> {
      String info = n.call("CLUSTER", "INFO");
      return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
    }));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    nodes.forEach(RedisNode::close);
  }

  private static void expectOk(String reply) {
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("cluster setup: " + reply);
    }
  }

  /** The seed URLs, comma-separated, as redis.url takes them. */
  public String urls() {
    return nodes.stream().map(RedisNode::url).collect(Collectors.joining(","));
  }

  public List<RedisNode> nodes() {
    return nodes;
  }

  public int slot(String key) {
    return ((Long) nodes.get(0).value("CLUSTER", "KEYSLOT", key)).intValue();
  }

  /** The primary serving {@code key}'s slot now. */
  public RedisNode owner(String key) {
    int slot = slot(key);
    String owner = nodeId(slot);
    return nodes.stream().filter(n -> id(n).equals(owner)).findFirst().orElseThrow();
  }

  public String id(RedisNode node) {
    return node.call("CLUSTER", "MYID");
  }

  private String nodeId(int slot) {
    for (Object range : (List<?>) nodes.get(0).value("CLUSTER", "SLOTS")) {
      List<?> r = (List<?>) range;
      if (((Long) r.get(0)) <= slot && slot <= ((Long) r.get(1))) {
        return (String) ((List<?>) r.get(2)).get(2);
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  /**
   * Moves {@code slot} from {@code from} to {@code to} with its keys, {@code batch} keys per
   * MIGRATE, as a resharding does while clients keep writing; returns the keys moved.
   */
  public int migrate(int slot, RedisNode from, RedisNode to, int batch) {
    String s = String.valueOf(slot);
    expectOk(to.call("CLUSTER", "SETSLOT", s, "IMPORTING", id(from)));
    expectOk(from.call("CLUSTER", "SETSLOT", s, "MIGRATING", id(to)));
    int moved = 0;
    while (true) {
      List<?> keys = (List<?>) from.value("CLUSTER", "GETKEYSINSLOT", s, String.valueOf(batch));
      if (keys.isEmpty()) {
        break;
      }
      List<String> args = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(to.port()), "", "0", "5000",
          "REPLACE", "KEYS"));
      keys.forEach(k -> args.add((String) k));
      String reply = from.call(args.toArray(String[]::new));
      if (!"OK".equals(reply) && !"NOKEY".equals(reply)) {
        throw new IllegalStateException("MIGRATE: " + reply);
      }
      moved += keys.size();
    }
    for (RedisNode node : List.of(to, from)) {
      expectOk(node.call("CLUSTER", "SETSLOT", s, "NODE", id(to)));
    }
    for (RedisNode node : nodes) {
      if (node != to && node != from) {
        expectOk(node.call("CLUSTER", "SETSLOT", s, "NODE", id(to)));
      }
    }
    return moved;
  }
}
