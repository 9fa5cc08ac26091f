package docplanner.gateway.store;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisStandaloneConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Lets a Redis connection write the commands issued during one event-loop turn in one system call
 * instead of one each. The Vert.x client flushes every command at once (it is not writing in
 * answer to a read of its own socket); Netty's {@link FlushConsolidationHandler} defers those
 * flushes to the end of the turn. With many pushes per turn this saves a write(2) per push, and
 * Redis reads them in fewer calls too. The client keeps its socket private, so this reaches it by
 * reflection; when that is not possible the connection simply works unchanged.
 */
final class FlushCoalescing {

  private static final Logger LOG = LoggerFactory.getLogger(FlushCoalescing.class);
  private static final String HANDLER = "docplanner-flush-coalescing";
  private static final Field SOCKET = socketField();

  private FlushCoalescing() {
  }

  /** On the connection's socket, or each node's socket of a cluster connection (those open so far). */
  static void install(RedisConnection connection) {
    for (PooledRedisConnection node : NodeConnections.of(connection)) {
      install(node);
    }
  }

  private static void install(PooledRedisConnection pooled) {
    if (SOCKET == null || !(pooled.actual() instanceof RedisStandaloneConnection standalone)) {
      return;
    }
    try {
      if (SOCKET.get(standalone) instanceof NetSocketInternal socket) {
        ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
        if (pipeline.get(HANDLER) == null) {
          pipeline.addFirst(HANDLER, new FlushConsolidationHandler(256, true));
        }
      }
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.debug("flushes of this Redis connection are not coalesced: {}", e.toString());
    }
  }

  private static Field socketField() {
    try {
      Field field = RedisStandaloneConnection.class.getDeclaredField("netSocket");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Redis flush coalescing unavailable: {}", e.toString());
      return null;
    }
  }
}
