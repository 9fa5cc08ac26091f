package docplanner.gateway.feed.group;

import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;

/**
 * {@code POST /events/ack} and {@code POST /events/nack} on the feed port (behind the feed's own
 * guards and tokens), for SSE consumers and anyone else: body
 * {@code {"group":"G","consumer":"C","ids":["<id>",...]}}, answered {@code 200 {"acked":n}} /
 * {@code {"nacked":n}} with n the ids that were pending. Any replica may be asked: the state is in
 * Redis. The consumer's credit on the replica it is connected to is returned at once when that is
 * this process, else when the visibility timeout has passed.
 */
public final class AckRoutes {

  public static final String ACK = "/events/ack";
  public static final String NACK = "/events/nack";
  private static final int MAX_BODY = 128 * 1024;

  private final GroupFeed feed;
  private final List<String> tokens;

  private AckRoutes(GroupFeed feed, List<String> tokens) {
    this.feed = feed;
    this.tokens = tokens;
  }

  /** @param tokens feed.tokens: the same credentials as the feed itself */
  public static void mount(Router router, GroupFeed feed, List<String> tokens) {
    AckRoutes routes = new AckRoutes(feed, tokens);
    router.post(ACK).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(ctx -> routes.handle(ctx, true));
    router.post(NACK).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(ctx -> routes.handle(ctx, false));
  }

  private void handle(RoutingContext ctx, boolean ack) {
    Request request;
    try {
      docplanner.gateway.feed.FeedTokens.authorize(ctx.request(), tokens);
      request = parse(ctx);
    } catch (Problem problem) {
      problem.send(ctx.response());
      return;
    }
    Future<Integer> done = ack ? feed.ack(request.group(), request.consumer(), request.ids())
        : feed.nack(request.group(), request.consumer(), request.ids());
    done.onSuccess(n -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put(ack ? "acked" : "nacked", n).encode()))
        .onFailure(e -> {
          if (GroupFeed.unknownGroup(e)) {
            new Problem(404, "unknown-group", "Unknown group",
                "the stream has no consumer group '" + request.group() + "'").send(ctx.response());
          } else {
            new Problem(503, "feed-unavailable", "Feed unavailable",
                "the acknowledgement could not be stored (" + e.getMessage() + "); send it again").send(ctx.response());
          }
        });
  }

  record Request(String group, String consumer, List<String> ids) {
  }

  static Request parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new Problem(415, "unsupported-media-type", "JSON expected", "send the body as Content-Type: application/json");
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw Problem.malformed("the body must be a JSON object {\"group\":...,\"consumer\":...,\"ids\":[...]}");
    }
    if (body == null) {
      throw Problem.malformed("the body is empty; send {\"group\":...,\"consumer\":...,\"ids\":[...]}");
    }
    Object group = body.getValue("group");
    if (!(group instanceof String g) || !GroupName.valid(g)) {
      throw Problem.invalid("invalid-group", "Invalid group name",
          "group must be 1 to 64 characters of A-Z a-z 0-9 . _ -", "/group");
    }
    Object consumer = body.getValue("consumer");
    if (!(consumer instanceof String c) || !GroupName.valid(c)) {
      throw Problem.invalid("invalid-consumer", "Invalid consumer name",
          "consumer must be 1 to 64 characters of A-Z a-z 0-9 . _ -", "/consumer");
    }
    List<String> ids = GroupConsumerHandle.ids(body.getValue("ids"));
    if (ids == null) {
      throw Problem.invalid("invalid-ids", "Invalid event ids",
          "ids must be a list of 1 to " + GroupConsumerHandle.MAX_IDS + " event ids such as \"1732770000000-0\"", "/ids");
    }
    return new Request(g, c, ids);
  }
}
