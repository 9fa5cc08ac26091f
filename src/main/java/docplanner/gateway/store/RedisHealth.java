package docplanner.gateway.store;

import docplanner.gateway.ops.ThrottledLog;
import io.vertx.redis.client.impl.types.ErrorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the process knows about its Redis, told by every {@link RedisLink}: which links are in
 * trouble (no connection, a command past its deadline) and whether Redis refuses writes (out of
 * memory, a failed snapshot, a read-only replica). Readiness reads it, so the push path's own
 * links decide whether this replica can take pushes, not only the health probe's connection.
 *
 * <p>It also writes the few lines an operator needs: when Redis is lost and when it is back (once
 * per outage, whichever link noticed first and healed last), and why writes are refused with the
 * fix (throttled). Thread-safe: links on every event loop report here.
 */
public final class RedisHealth {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);

  private final String where;
  private final Map<RedisLink, String> troubled = new ConcurrentHashMap<>();
  private final AtomicReference<String> refusal = new AtomicReference<>();
  private final ThrottledLog refusalLog = ThrottledLog.warn(LOG);
  private final ThrottledLog troubleLog = ThrottledLog.warn(LOG);
  private long outageStartNanos;
  private boolean outage;

  /** @param where the Redis (its URL without password), for the log lines */
  public RedisHealth(String where) {
    this.where = where;
  }

  /** A link lost its connection or saw a command pass its deadline. */
  void troubled(RedisLink link, String why) {
    troubled.put(link, why);
    synchronized (this) {
      if (!outage) {
        outage = true;
        outageStartNanos = System.nanoTime();
        LOG.warn("Redis at {} is not answering ({}: {}); pushes get 503 and readiness is DOWN until it is back",
            where, link.name(), why);
        return;
      }
    }
    troubleLog.log("Redis at {} still not answering ({}: {})", where, link.name(), why);
  }

  /** A link has a working connection again (a reply came, or a new connection is ready). */
  void healed(RedisLink link) {
    if (troubled.remove(link) == null) {
      return;
    }
    backIfAllHealed();
  }

  /** A link is closed for good (its verticle stopped): it no longer counts. */
  void forget(RedisLink link) {
    troubled.remove(link);
    backIfAllHealed();
  }

  private void backIfAllHealed() {
    synchronized (this) {
      if (outage && troubled.isEmpty()) {
        outage = false;
        LOG.info("Redis is back at {} after {} ms", where, (System.nanoTime() - outageStartNanos) / 1_000_000);
      }
    }
  }

  /**
   * Looks at a failed command's error: an OOM, MISCONF or READONLY reply means Redis refuses
   * writes, which no reconnect fixes; it is remembered (for readiness) and logged with the fix.
   */
  void failed(Throwable error) {
    String kind = refusalKind(error);
    if (kind == null) {
      return;
    }
    String message = error.getMessage();
    String before = refusal.getAndSet(message);
    String fix = switch (kind) {
      case "OOM" -> "Redis reached maxmemory and evicts nothing (noeviction): free memory, raise maxmemory,"
          + " or shorten stream.retention";
      case "MISCONF" -> "Redis cannot write its RDB snapshot: fix its disk or dir, or its save settings";
      default -> "redis.url points at a read-only replica: point it at the primary";
    };
    if (before == null) {
      LOG.error("Redis at {} refuses writes: {} ({}); pushes get 503 and readiness is DOWN until it accepts them",
          where, message, fix);
    } else {
      refusalLog.log("Redis at {} still refuses writes: {} ({})", where, message, fix);
    }
  }

  /** A write was applied: whatever refusal was remembered is over. */
  void wrote() {
    if (refusal.get() != null && refusal.getAndSet(null) != null) {
      LOG.info("Redis at {} accepts writes again", where);
    }
  }

  /** Why Redis refuses writes right now (its error), or null when the last write worked. */
  public String writeRefusal() {
    return refusal.get();
  }

  /** Why links named {@code name} cannot use Redis right now (the first one's reason), or null. */
  public String trouble(String name) {
    for (Map.Entry<RedisLink, String> entry : troubled.entrySet()) {
      if (entry.getKey().name().equals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** OOM, MISCONF or READONLY when {@code error} is Redis refusing a write, else null. */
  static String refusalKind(Throwable error) {
    if (!(error instanceof ErrorType)) {
      return null;
    }
    String message = error.getMessage();
    if (message == null) {
      return null;
    }
    for (String kind : new String[] {"OOM", "MISCONF", "READONLY"}) {
      // A script's write refused comes back as the script's error, with the code inside it.
      if (message.startsWith(kind) || message.contains("-" + kind + " ") || message.contains(" " + kind + " command")) {
        return kind;
      }
    }
    return null;
  }
}
