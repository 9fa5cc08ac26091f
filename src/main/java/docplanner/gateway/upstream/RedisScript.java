package docplanner.gateway.upstream;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Lua script run by its SHA-1 (EVAL only when Redis does not know it yet), with a deadline: a
 * Redis that does not answer in time (paused, partitioned) fails the call and has its connection
 * dropped, so that the next call reconnects instead of queueing behind the stuck one.
 */
final class RedisScript {

  private final String source;
  private final String sha1;

  RedisScript(String... lines) {
    this.source = String.join("\n", lines);
    this.sha1 = sha1(source);
  }

  Future<Response> run(RedisLink link, long timeoutMs, List<String> keys, Object... args) {
    return link.send(request(Command.EVALSHA, sha1, keys, args))
        .recover(error -> error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT")
            ? link.send(request(Command.EVAL, source, keys, args))
            : Future.failedFuture(error))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(error -> {
          if (error instanceof TimeoutException) {
            link.reset();
          }
        });
  }

  private static Request request(Command command, String script, List<String> keys, Object[] args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    for (String key : keys) {
      request.arg(key);
    }
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return request;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
