package docplanner.gateway.support;

import docplanner.gateway.store.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * JUnit extension running event-loop-confined code (a {@link RedisLink} and what uses it) from a
 * test: one Vert.x and one context for the class, and a blocking {@link #await} that runs an action
 * there and waits for its outcome.
 */
public final class RedisOnLoop implements BeforeAllCallback, AfterAllCallback {

  private final Function<Vertx, Redis> client;
  private Vertx vertx;
  private Context context;
  private Redis redis;

  public RedisOnLoop(TestRedis server) {
    this(vertx -> Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url())
        .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxPoolSize(128).setMaxPoolWaiting(128)));
  }

  /** @param client makes the client every link shares (a cluster's, a sentinel group's) */
  public RedisOnLoop(Function<Vertx, Redis> client) {
    this.client = client;
  }

  @Override
  public void beforeAll(ExtensionContext extension) {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  /** A new link, as a verticle would own one (each holds a pooled connection for good, hence the large pool). */
  public RedisLink link(String name) {
    if (redis == null) {
      // Created on first use: JUnit does not promise that the server's extension ran before this one's beforeAll.
      redis = client.apply(vertx);
    }
    return new RedisLink(vertx, redis, Duration.ofSeconds(2), name);
  }

  public <T> T await(Supplier<Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        result.completeExceptionally(ar.cause());
      }
    }));
    try {
      return result.get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a plain call on the loop (for state that is confined to it). */
  public <T> T call(Supplier<T> action) {
    return await(() -> Future.succeededFuture(action.get()));
  }

  @Override
  public void afterAll(ExtensionContext extension) {
    if (redis != null) {
      await(() -> redis.close());
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
