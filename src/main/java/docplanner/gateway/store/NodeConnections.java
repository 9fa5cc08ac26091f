package docplanner.gateway.store;

import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisClusterConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sockets behind one client connection: itself (standalone, sentinel), or one per cluster
 * node a cluster connection has opened so far. A link that gives up on a connection must close
 * these sockets, not return them to the pool, where a command stuck on one (a blocking read, a
 * paused node) would hold up the next borrower; the cluster connection keeps them private, so this
 * reaches them by reflection, and sees none when that is not possible (close() then still returns
 * them to the pool).
 */
final class NodeConnections {

  private static final Logger LOG = LoggerFactory.getLogger(NodeConnections.class);
  private static final Field CLUSTER_NODES = clusterNodesField();

  private NodeConnections() {
  }

  static List<PooledRedisConnection> of(RedisConnection connection) {
    if (connection instanceof PooledRedisConnection pooled) {
      return List.of(pooled);
    }
    if (connection instanceof RedisClusterConnection && CLUSTER_NODES != null) {
      try {
        Map<?, ?> nodes = (Map<?, ?>) CLUSTER_NODES.get(connection);
        List<PooledRedisConnection> out = new ArrayList<>();
        synchronized (nodes) {
          for (Object node : nodes.values()) {
            if (node instanceof PooledRedisConnection pooled) {
              out.add(pooled);
            }
          }
        }
        return out;
      } catch (IllegalAccessException | RuntimeException e) {
        LOG.debug("the sockets of this cluster connection are out of reach: {}", e.toString());
      }
    }
    return List.of();
  }

  private static Field clusterNodesField() {
    try {
      Field field = RedisClusterConnection.class.getDeclaredField("connections");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cluster node connections out of reach: {}", e.toString());
      return null;
    }
  }
}
