package docplanner.gateway.store;

import docplanner.gateway.config.RedisSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.impl.RedisClusterClient;

import java.util.concurrent.TimeUnit;

/**
 * The one Vert.x Redis client of the process, for the configured topology. Whatever the mode, a
 * {@link RedisLink} sees one connection: to the server (standalone), to the primary the sentinels
 * name when it connects (sentinel), or to every cluster node, each command routed by its keys
 * (cluster). Every key of the stream shares one hash slot, so each of the gateway's commands and
 * scripts goes to one node.
 *
 * <p>Sentinel: the client asks the sentinels for the primary on every connect (their answer is
 * cached for a second), and the link reconnects as soon as its connection drops; after a failover
 * it therefore lands on the new primary by itself, without the client's own failover watcher,
 * which listens for RESP3 pushes and would not hear anything on the RESP2 connections used here.
 *
 * <p>Cluster: the client follows MOVED (it reloads the slots) and ASK, and retries TRYAGAIN and
 * CLUSTERDOWN with a backoff of up to about 2.5 s in all; a command still refused then fails, and
 * the push gets 503. {@code SCRIPT LOAD} goes to every primary (the reducer below), so the store
 * script is known wherever the stream's slot lives; a node that does not know it yet (one that
 * took over a slot later) answers NOSCRIPT and the store falls back to EVAL.
 */
public final class RedisClients {

  private RedisClients() {
  }

  /**
   * @param embedded whether redis.url is an embedded Redis of our own (which has no password)
   * @param poolSize connections the pool may open (per node on a cluster)
   * @param poolWaiting connection requests allowed to queue for the pool
   */
  public static Redis create(Vertx vertx, RedisSettings settings, boolean embedded, int poolSize, int poolWaiting) {
    RedisOptions options = new RedisOptions()
        .setPreferredProtocolVersion(ProtocolVersion.RESP2)
        .setMaxWaitingHandlers(16_384)
        .setMaxPoolSize(poolSize)
        // The sentinel and cluster clients refuse a queue shorter than the pool (still bounded).
        .setMaxPoolWaiting(settings.mode() == RedisSettings.Mode.STANDALONE ? poolWaiting : Math.max(poolWaiting, poolSize))
        .setNetClientOptions(netClientOptions(settings));
    // An embedded Redis of our own has no password, whatever redis.password says.
    if (!settings.password().isEmpty() && !embedded) {
      options.setPassword(settings.password());
    }
    options.setEndpoints(new java.util.ArrayList<>(settings.urls()));
    switch (settings.mode()) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      case SENTINEL -> options.setType(RedisClientType.SENTINEL)
          .setMasterName(settings.masterName())
          .setRole(RedisRole.MASTER);
      case CLUSTER -> {
        options.setType(RedisClientType.CLUSTER);
        // Keyless commands go to one node at random, those with a reducer to every primary.
        RedisClusterClient.addReducer(Command.SCRIPT, replies -> replies.get(0));
      }
    }
    return Redis.createClient(vertx, options);
  }

  /**
   * Keepalive on every Redis socket, TCP_USER_TIMEOUT where the native transport applies it, and a
   * read-idle timeout as the backstop for a socket no link holds (a handshake a silent peer never
   * answers, which the client gives no deadline).
   */
  private static NetClientOptions netClientOptions(RedisSettings redis) {
    NetClientOptions options = new NetClientOptions().setTcpKeepAlive(true).setTcpNoDelay(true);
    options.setTcpUserTimeout((int) redis.tcpUserTimeout().toMillis());
    options.setReadIdleTimeout((int) redis.tcpUserTimeout().toMillis());
    options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return options;
  }
}
