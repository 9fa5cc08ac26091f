package docplanner.gateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.util.concurrent.TimeUnit;

/**
 * The ceilings the push endpoint is measured against, on the same machine and Vert.x version:
 * <ul>
 *   <li>{@code ok}: read the body, answer 200 with an ack of the gateway's shape. Nothing else: what
 *       this machine can do at all.</li>
 *   <li>{@code xadd}: the same after one {@code XADD <key> * n <body>} on one pipelined Redis
 *       connection per event loop: the ceiling for "acknowledge only after Redis has it".</li>
 * </ul>
 * {@code java -cp ... docplanner.gateway.bench.CeilingServer --port P --mode ok|xadd [--redis URL] [--instances N]}
 * runs until killed. One instance per core by default, like the gateway's push verticles.
 */
public final class CeilingServer extends VerticleBase {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final Buffer ACK_OK = Buffer.buffer("{\"id\":\"0-0\",\"duplicate\":false}");
  private static final Buffer ACK_SUFFIX = Buffer.buffer("\",\"duplicate\":false}");
  private static final String STREAM = "bench:ceiling";

  private final int port;
  private final boolean xadd;
  private final Redis redis;
  private RedisConnection connection;

  private CeilingServer(int port, boolean xadd, Redis redis) {
    this.port = port;
    this.xadd = xadd;
    this.redis = redis;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int port = Integer.parseInt(args.string("port"));
    String mode = args.string("mode");
    if (!mode.equals("ok") && !mode.equals("xadd")) {
      throw new IllegalArgumentException("--mode ok|xadd");
    }
    int instances = args.integer("instances", Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Redis redis = mode.equals("xadd")
        ? Redis.createClient(vertx, new RedisOptions()
            .setConnectionString(args.string("redis"))
            .setPreferredProtocolVersion(ProtocolVersion.RESP2)
            .setMaxWaitingHandlers(16_384))
        : null;
    vertx.deployVerticle(() -> new CeilingServer(port, mode.equals("xadd"), redis),
            new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("ceiling server (" + mode + ", " + instances + " event loops, native transport "
        + vertx.isNativeTransportEnabled() + ") on :" + port);
  }

  @Override
  public Future<?> start() {
    Future<?> ready = xadd
        ? redis.connect().onSuccess(c -> connection = c)
        : Future.succeededFuture();
    return ready.compose(v -> vertx.createHttpServer(new HttpServerOptions().setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen());
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      if (!xadd) {
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(ACK_OK);
        return;
      }
      connection.send(Request.cmd(Command.XADD).arg(STREAM).arg("*").arg("n").arg(body))
          .onSuccess(id -> request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
              .end(Buffer.buffer(64).appendString("{\"id\":\"").appendString(id.toString()).appendBuffer(ACK_SUFFIX)))
          .onFailure(e -> request.response().setStatusCode(503).end());
    });
  }
}
