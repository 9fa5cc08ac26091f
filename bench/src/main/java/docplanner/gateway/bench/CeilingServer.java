package docplanner.gateway.bench;

import docplanner.gateway.store.IndexCeiling;
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
import io.vertx.redis.client.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ceilings the push endpoint is measured against, on the same machine and Vert.x version:
 * <ul>
 *   <li>{@code ok}: read the body, answer 200 with an ack of the gateway's shape. Nothing else: what
 *       this machine can do at all.</li>
 *   <li>{@code xadd}: the same after one {@code XADD <key> * n <body>} on one pipelined Redis
 *       connection per event loop: the ceiling for "acknowledge only after Redis has it".</li>
 *   <li>{@code dedupe}: the same after SHA-256 of the raw body and one script call that GETs the
 *       fingerprint's seen-key, and only when it is absent XADDs the body (trimming by MINID, like the
 *       gateway) and SETs the seen-key to the id for 14 days: what any atomic content dedupe costs,
 *       with no JSON work. The gateway's store script has this shape; its parse, canonical form,
 *       validation and metrics are what it adds on top.</li>
 *   <li>{@code dedupe-turn}: the same script, but like the gateway's store, the pushes that arrived
 *       in one event-loop turn go to Redis in one call (up to 64), each still looked up and appended
 *       on its own: the ceiling for atomic dedupe when the script's fixed cost is shared.</li>
 *   <li>{@code dedupe-index}: like {@code dedupe-turn}, but the script is the gateway's own store
 *       script, with its compact dedupe index (bucketed hashes of 16-byte fingerprints, issue 13)
 *       instead of a key per fingerprint: the ceiling for the gateway's own Redis work, with none of
 *       its JSON work.</li>
 * </ul>
 * {@code java -cp ... docplanner.gateway.bench.CeilingServer --port P --mode ok|xadd|dedupe|dedupe-turn|dedupe-index [--redis URL] [--instances N]}
 * runs until killed. One instance per core by default, like the gateway's push verticles.
 */
public final class CeilingServer extends VerticleBase {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final Buffer ACK_OK = Buffer.buffer("{\"id\":\"0-0\",\"duplicate\":false}");
  private static final Buffer ACK_SUFFIX = Buffer.buffer("\",\"duplicate\":false}");
  private static final Buffer DUPLICATE_SUFFIX = Buffer.buffer("\",\"duplicate\":true}");
  private static final String STREAM = "bench:ceiling";
  private static final String SEEN = STREAM + ":seen:";
  private static final String WINDOW_MS = Long.toString(Duration.ofDays(14).toMillis());
  private static final long RETENTION_MS = Duration.ofDays(7).toMillis();

  private static final int MAX_PER_CALL = 64;
  private static final IndexCeiling INDEX = new IndexCeiling(STREAM, Duration.ofDays(14), Duration.ofDays(7));

  /**
   * KEYS[1] stream, KEYS[1+i] the seen-key of body i; ARGV[1] window (ms), ARGV[2] MINID, ARGV[2+i]
   * body i. Returns {stored, id} per body, where id is the first one for a duplicate.
   */
  static final String DEDUPE_SCRIPT = String.join("\n",
      "local out = {}",
      "for i = 1, #KEYS - 1 do",
      "  local first = redis.call('GET', KEYS[i + 1])",
      "  if first then",
      "    out[i] = {0, first}",
      "  else",
      "    local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*', 'n', ARGV[i + 2])",
      "    redis.call('SET', KEYS[i + 1], id, 'PX', ARGV[1])",
      "    out[i] = {1, id}",
      "  end",
      "end",
      "return out");

  /** A push waiting for the end of the turn ({@code dedupe-turn}). */
  private record Pending(HttpServerRequest request, byte[] sha256, Buffer body) {

    String seenKey() {
      return SEEN + HexFormat.of().formatHex(sha256);
    }
  }

  private final int port;
  private final String mode;
  private final Redis redis;
  private RedisConnection connection;
  private MessageDigest sha256;
  private String scriptSha;
  private List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  private CeilingServer(int port, String mode, Redis redis) {
    this.port = port;
    this.mode = mode;
    this.redis = redis;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int port = Integer.parseInt(args.string("port"));
    String mode = args.string("mode");
    if (!List.of("ok", "xadd", "dedupe", "dedupe-turn", "dedupe-index").contains(mode)) {
      throw new IllegalArgumentException("--mode ok|xadd|dedupe|dedupe-turn|dedupe-index");
    }
    int instances = args.integer("instances", Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Redis redis = mode.equals("ok") ? null
        : Redis.createClient(vertx, new RedisOptions()
            .setConnectionString(args.string("redis"))
            .setPreferredProtocolVersion(ProtocolVersion.RESP2)
            .setMaxWaitingHandlers(16_384));
    vertx.deployVerticle(() -> new CeilingServer(port, mode, redis), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("ceiling server (" + mode + ", " + instances + " event loops, native transport "
        + vertx.isNativeTransportEnabled() + ") on :" + port);
  }

  @Override
  public Future<?> start() throws NoSuchAlgorithmException {
    // One digest per verticle: each is used by its own event loop only.
    sha256 = MessageDigest.getInstance("SHA-256");
    Future<?> ready = redis == null ? Future.succeededFuture()
        : redis.connect().compose(c -> {
          connection = c;
          // Loaded once, so that every push is one EVALSHA round trip, as in the gateway.
          String script = mode.equals("dedupe-index") ? IndexCeiling.source() : DEDUPE_SCRIPT;
          return mode.startsWith("dedupe")
              ? c.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).onSuccess(sha -> scriptSha = sha.toString())
              : Future.succeededFuture();
        });
    return ready.compose(v -> vertx.createHttpServer(new HttpServerOptions().setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen());
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      switch (mode) {
        case "ok" -> request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(ACK_OK);
        case "xadd" -> connection.send(Request.cmd(Command.XADD).arg(STREAM).arg("*").arg("n").arg(body))
            .onSuccess(id -> ack(request, id.toString(), ACK_SUFFIX))
            .onFailure(e -> request.response().setStatusCode(503).end());
        default -> dedupe(new Pending(request, sha256.digest(body.getBytes()), body));
      }
    });
  }

  private void dedupe(Pending push) {
    if (mode.equals("dedupe")) {
      send(List.of(push));
      return;
    }
    pending.add(push);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += MAX_PER_CALL) {
      send(batch.subList(from, Math.min(batch.size(), from + MAX_PER_CALL)));
    }
  }

  private void send(List<Pending> call) {
    connection.send(mode.equals("dedupe-index") ? indexScript(call) : keyPerFingerprintScript(call))
        .onSuccess(reply -> {
          // The gateway's script answers two values per push, flat; the key-per-fingerprint one a pair each.
          boolean flat = mode.equals("dedupe-index");
          for (int i = 0; i < call.size(); i++) {
            Response stored = flat ? reply.get(2 * i) : reply.get(i).get(0);
            Response remembered = flat ? reply.get(2 * i + 1) : reply.get(i).get(1);
            ack(call.get(i).request(), IndexCeiling.id(remembered.toString()),
                stored.toInteger() == 1 ? ACK_SUFFIX : DUPLICATE_SUFFIX);
          }
        })
        .onFailure(e -> call.forEach(push -> push.request().response().setStatusCode(503).end()));
  }

  private Request keyPerFingerprintScript(List<Pending> call) {
    Request script = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(call.size() + 1).arg(STREAM);
    for (Pending push : call) {
      script.arg(push.seenKey());
    }
    script.arg(WINDOW_MS).arg(System.currentTimeMillis() - RETENTION_MS);
    for (Pending push : call) {
      script.arg(push.body());
    }
    return script;
  }

  private Request indexScript(List<Pending> call) {
    return INDEX.arguments(Request.cmd(Command.EVALSHA).arg(scriptSha), call.stream().map(Pending::body).toList(),
        call.stream().map(Pending::sha256).toList());
  }

  private static void ack(HttpServerRequest request, String id, Buffer suffix) {
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(Buffer.buffer(64).appendString("{\"id\":\"").appendString(id).appendBuffer(suffix));
  }
}
