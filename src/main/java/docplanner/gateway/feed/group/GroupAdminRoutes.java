package docplanner.gateway.feed.group;

import docplanner.gateway.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The groups' admin routes on the feed port (behind {@code admin.token}, like every
 * {@code /admin/*} route):
 * <ul>
 *   <li>{@code GET /admin/groups}: each group with its pending count, consumers and dead letters</li>
 *   <li>{@code GET /admin/groups/<group>/dead?count=100}: its dead letters, oldest first</li>
 *   <li>{@code POST /admin/groups/<group>/dead/replay} (optional {@code {"ids":[...]}}, else all):
 *       hands them to that group again (see {@link DeadLetters})</li>
 * </ul>
 */
public final class GroupAdminRoutes {

  public static final String GROUPS = "/admin/groups";
  private static final int MAX_COUNT = 1_000;

  private final GroupFeed feed;

  private GroupAdminRoutes(GroupFeed feed) {
    this.feed = feed;
  }

  public static void mount(Router router, GroupFeed feed) {
    GroupAdminRoutes routes = new GroupAdminRoutes(feed);
    router.get(GROUPS).handler(routes::groups);
    router.get(GROUPS + "/:group/dead").handler(routes::dead);
    router.post(GROUPS + "/:group/dead/replay").handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(routes::replay);
  }

  private void groups(RoutingContext ctx) {
    String key = feed.reader.key();
    feed.link.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(key))
        .recover(e -> String.valueOf(e.getMessage()).contains("no such key")
            ? Future.succeededFuture(null) : Future.failedFuture(e))
        .compose(reply -> {
          List<JsonObject> groups = new ArrayList<>();
          List<Future<Response>> consumers = new ArrayList<>();
          List<Future<Long>> dead = new ArrayList<>();
          for (int i = 0; reply != null && i < reply.size(); i++) {
            JsonObject info = flat(reply.get(i));
            String name = info.getString("name");
            groups.add(new JsonObject().put("group", name)
                .put("pending", Long.parseLong(info.getString("pending", "0")))
                .put("last_delivered_id", info.getString("last-delivered-id")));
            consumers.add(feed.link.send(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(key).arg(name)));
            dead.add(feed.deadLetters.length(name));
          }
          List<Future<?>> waits = new ArrayList<>(consumers);
          waits.addAll(dead);
          return Future.all(waits).map(all -> {
            JsonArray out = new JsonArray();
            for (int i = 0; i < groups.size(); i++) {
              JsonArray members = new JsonArray();
              Response list = consumers.get(i).result();
              for (int j = 0; list != null && j < list.size(); j++) {
                JsonObject consumer = flat(list.get(j));
                members.add(new JsonObject().put("consumer", consumer.getString("name"))
                    .put("pending", Long.parseLong(consumer.getString("pending", "0")))
                    .put("idle_ms", Long.parseLong(consumer.getString("idle", "0"))));
              }
              out.add(groups.get(i).put("consumers", members).put("dead_letters", dead.get(i).result()));
            }
            return new JsonObject().put("stream", key).put("groups", out);
          });
        })
        .onSuccess(json -> ok(ctx, json))
        .onFailure(e -> unavailable(e).send(ctx.response()));
  }

  private void dead(RoutingContext ctx) {
    String group = group(ctx);
    if (group == null) {
      return;
    }
    int count;
    try {
      String raw = ctx.request().getParam("count");
      count = raw == null ? 100 : Integer.parseInt(raw);
      if (count < 1 || count > MAX_COUNT) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      new Problem(400, "invalid-count", "Invalid count", "count must be a number from 1 to " + MAX_COUNT)
          .send(ctx.response());
      return;
    }
    feed.deadLetters.list(group, count)
        .onSuccess(list -> ok(ctx, new JsonObject().put("group", group).put("dead", list)))
        .onFailure(e -> unavailable(e).send(ctx.response()));
  }

  private void replay(RoutingContext ctx) {
    String group = group(ctx);
    if (group == null) {
      return;
    }
    Set<String> ids = new LinkedHashSet<>();
    if (ctx.body() != null && ctx.body().length() > 0) {
      try {
        JsonObject body = ctx.body().asJsonObject();
        if (body != null && body.containsKey("ids")) {
          List<String> parsed = GroupConsumerHandle.ids(body.getValue("ids"));
          if (parsed == null) {
            Problem.invalid("invalid-ids", "Invalid event ids",
                "ids must be a list of 1 to " + GroupConsumerHandle.MAX_IDS + " ids (original or dead-letter ids)", "/ids")
                .send(ctx.response());
            return;
          }
          ids.addAll(parsed);
        }
      } catch (DecodeException | ClassCastException e) {
        Problem.malformed("the body must be a JSON object such as {\"ids\":[\"<id>\"]}, or empty for all")
            .send(ctx.response());
        return;
      }
    }
    feed.deadLetters.replay(group, ids, MAX_COUNT, feed.groups.handBackIdleMs())
        .onSuccess(done -> {
          feed.groups.sweepSoon(group);
          ok(ctx, new JsonObject().put("group", group)
              .put("replayed", new JsonArray(done.replayed())).put("expired", new JsonArray(done.expired())));
        })
        .onFailure(e -> (GroupFeed.unknownGroup(e)
            ? new Problem(404, "unknown-group", "Unknown group", "the stream has no consumer group '" + group + "'")
            : unavailable(e)).send(ctx.response()));
  }

  private static String group(RoutingContext ctx) {
    String group = ctx.pathParam("group");
    if (!GroupName.valid(group)) {
      new Problem(400, "invalid-group", "Invalid group name", "group must be 1 to 64 characters of A-Z a-z 0-9 . _ -")
          .send(ctx.response());
      return null;
    }
    return group;
  }

  /** XINFO's RESP2 answer for one group or consumer: a flat list of name, value, ... */
  private static JsonObject flat(Response pairs) {
    JsonObject out = new JsonObject();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      Response value = pairs.get(i + 1);
      out.put(pairs.get(i).toString(), value == null ? null : value.toString());
    }
    return out;
  }

  private static void ok(RoutingContext ctx, JsonObject json) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json.encode());
  }

  private static Problem unavailable(Throwable e) {
    return new Problem(503, "redis-unavailable", "Redis unavailable", "Redis did not answer (" + e.getMessage() + ")");
  }
}
