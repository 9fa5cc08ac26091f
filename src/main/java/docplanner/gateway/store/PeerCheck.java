package docplanner.gateway.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * Proves that a new connection reaches Redis before it is used: it must answer PING with PONG (or
 * with a Redis error, which is still Redis speaking). Anything else (an HTTP server's
 * {@code HTTP/1.1 400}, garbage) fails the connection with one message saying so, instead of every
 * later command failing with a parser error.
 */
final class PeerCheck {

  private PeerCheck() {
  }

  static Future<Void> ping(RedisConnection connection) {
    return connection.send(Request.cmd(Command.PING))
        .recover(error -> error instanceof ErrorType && !isParserError(error)
            ? Future.failedFuture(new RedisUnavailable("Redis refused the connection: " + error.getMessage()))
            : Future.failedFuture(new RedisUnavailable(notRedis(error))))
        .compose(reply -> reply != null && "PONG".equals(reply.toString())
            ? Future.succeededFuture()
            : Future.failedFuture(new RedisUnavailable(notRedis(null))));
  }

  private static boolean isParserError(Throwable error) {
    String message = error.getMessage();
    return message != null && (message.startsWith("ILLEGAL_STATE") || message.contains("RESP"));
  }

  private static String notRedis(Throwable error) {
    return "the peer does not speak the Redis protocol (it did not answer PING with PONG"
        + (error == null || error.getMessage() == null ? "" : ": " + error.getMessage()) + ")";
  }
}
