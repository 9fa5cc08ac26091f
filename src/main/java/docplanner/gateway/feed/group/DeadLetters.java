package docplanner.gateway.feed.group;

import docplanner.gateway.feed.StreamEntry;
import docplanner.gateway.store.EntryFields;
import docplanner.gateway.store.RedisLink;
import docplanner.gateway.store.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A group's dead letters, in the stream {@code {<stream.key>}:dead:<group>} (same hash slot as the
 * stream): entries delivered {@code groups.max-deliveries} times without an acknowledgement are
 * copied there whole (with their original id, delivery count and last consumer) and acknowledged
 * in the group, so they stop going round.
 *
 * <p>Replay hands them to that group only: the original entry, still in the stream, is put back
 * on the group's pending list ({@code XCLAIM ... FORCE}, delivery count 0, idle past the
 * visibility timeout), where the next redelivery sweep of any replica gives it to a live
 * consumer. Other groups and broadcast subscribers never see it again. An original already
 * trimmed from the stream by retention cannot be replayed that way: it stays a dead letter and
 * the answer lists it as expired.
 */
final class DeadLetters {

  /** Dead letters kept per group (oldest dropped first), so a broken consumer cannot fill Redis. */
  static final int MAX_LENGTH = 100_000;

  static final String ORIGINAL_ID = "original-id";
  static final String DELIVERIES = "deliveries";
  static final String CONSUMER = "consumer";
  static final String DEAD_AT = "dead-at";

  private final RedisLink link;
  private final StreamKeys keys;

  DeadLetters(RedisLink link, StreamKeys keys) {
    this.link = link;
    this.keys = keys;
  }

  /** One entry to move: what it was, how often it went out, and to whom last. */
  record Dead(StreamEntry entry, int deliveries, String consumer) {
  }

  /** Copies the entries to the dead-letter stream and acknowledges them in the group (pipelined). */
  Future<Void> move(String group, List<Dead> dead) {
    if (dead.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Response>> sent = new ArrayList<>();
    Request ack = Request.cmd(Command.XACK).arg(keys.stream()).arg(group);
    long now = System.currentTimeMillis();
    for (Dead letter : dead) {
      StreamEntry.Fields fields = letter.entry().fields();
      sent.add(link.send(Request.cmd(Command.XADD).arg(keys.deadLetters(group))
          .arg("MAXLEN").arg("~").arg(MAX_LENGTH).arg("*")
          .arg(ORIGINAL_ID).arg(letter.entry().idText())
          .arg(DELIVERIES).arg(letter.deliveries())
          .arg(CONSUMER).arg(letter.consumer())
          .arg(DEAD_AT).arg(now)
          .arg(EntryFields.NAME).arg(fields.name())
          .arg(EntryFields.SOURCE).arg(fields.source())
          .arg(EntryFields.FINGERPRINT).arg(fields.fingerprint())
          .arg(EntryFields.FACILITY).arg(fields.facility())
          .arg(EntryFields.DOCTOR).arg(fields.doctor())
          .arg(EntryFields.VERDICT).arg(fields.verdict())
          .arg(EntryFields.NOTIFICATION).arg(fields.notification())));
      ack.arg(letter.entry().idText());
    }
    // The ack goes last: a failed copy leaves the entry pending, to be tried again by a later sweep.
    return Future.all(sent).compose(copied -> link.send(ack)).mapEmpty();
  }

  /** Up to {@code count} dead letters, oldest first, as the admin route shows them. */
  Future<JsonArray> list(String group, int count) {
    return range(group, count).map(letters -> {
      JsonArray out = new JsonArray();
      letters.forEach(letter -> out.add(letter.toJson()));
      return out;
    });
  }

  /** A dead letter as stored. */
  record Letter(String deadId, JsonObject fields) {
    String originalId() {
      return fields.getString(ORIGINAL_ID, "");
    }

    String consumer() {
      return fields.getString(CONSUMER, "");
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject()
          .put("dead_id", deadId)
          .put("id", originalId())
          .put("name", fields.getString(EntryFields.NAME, ""))
          .put("deliveries", Integer.parseInt(fields.getString(DELIVERIES, "0")))
          .put("consumer", consumer())
          .put("dead_at", java.time.Instant.ofEpochMilli(Long.parseLong(fields.getString(DEAD_AT, "0"))).toString())
          .put("fingerprint", fields.getString(EntryFields.FINGERPRINT, ""));
      String notification = fields.getString(EntryFields.NOTIFICATION, "null");
      try {
        json.put("notification", io.vertx.core.json.Json.decodeValue(notification));
      } catch (RuntimeException notJson) {
        json.put("notification", notification);
      }
      return json;
    }
  }

  private Future<List<Letter>> range(String group, int count) {
    return link.send(Request.cmd(Command.XRANGE).arg(keys.deadLetters(group)).arg("-").arg("+").arg("COUNT").arg(count))
        .map(reply -> {
          List<Letter> letters = new ArrayList<>();
          if (reply != null) {
            for (Response entry : reply) {
              JsonObject fields = new JsonObject();
              Response raw = entry.get(1);
              for (int i = 0; raw != null && i + 1 < raw.size(); i += 2) {
                fields.put(raw.get(i).toString(), raw.get(i + 1).toString());
              }
              letters.add(new Letter(entry.get(0).toString(), fields));
            }
          }
          return letters;
        });
  }

  /** What a replay did: dead letters handed back to the group, and those whose original is gone. */
  record Replayed(List<String> replayed, List<String> expired) {
  }

  /**
   * Hands the dead letters named by {@code ids} (original or dead-letter ids; empty: the oldest
   * {@code limit}) back to the group, idle past {@code idleMs} so the next sweep redelivers them.
   */
  Future<Replayed> replay(String group, Set<String> ids, int limit, long idleMs) {
    return range(group, ids.isEmpty() ? limit : MAX_LENGTH).compose(letters -> {
      List<Letter> chosen = new ArrayList<>();
      for (Letter letter : letters) {
        if (ids.isEmpty() || ids.contains(letter.deadId()) || ids.contains(letter.originalId())) {
          chosen.add(letter);
        }
      }
      List<Future<Response>> claims = new ArrayList<>();
      for (Letter letter : chosen) {
        String consumer = GroupName.valid(letter.consumer()) ? letter.consumer() : "replay";
        claims.add(link.send(Request.cmd(Command.XCLAIM).arg(keys.stream()).arg(group).arg(consumer).arg(0)
            .arg(letter.originalId()).arg("IDLE").arg(idleMs).arg("RETRYCOUNT").arg(0).arg("FORCE").arg("JUSTID")));
      }
      return Future.all(claims).compose(done -> {
        List<String> replayed = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        Request delete = Request.cmd(Command.XDEL).arg(keys.deadLetters(group));
        for (int i = 0; i < chosen.size(); i++) {
          Response claimed = claims.get(i).result();
          if (claimed != null && claimed.size() > 0) {
            replayed.add(chosen.get(i).originalId());
            delete.arg(chosen.get(i).deadId());
          } else {
            expired.add(chosen.get(i).originalId());
          }
        }
        Replayed result = new Replayed(replayed, expired);
        return replayed.isEmpty() ? Future.succeededFuture(result) : link.send(delete).map(result);
      });
    });
  }

  /** Dead letters of the group. */
  Future<Long> length(String group) {
    return link.send(Request.cmd(Command.XLEN).arg(keys.deadLetters(group))).map(Response::toLong);
  }
}
