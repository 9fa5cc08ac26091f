package docplanner.gateway.feed.group;

import docplanner.gateway.feed.EncodedEvent;
import docplanner.gateway.feed.FrameEncoder;
import docplanner.gateway.feed.StreamEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupFramesTest {

  private static EncodedEvent event() {
    return FrameEncoder.encode(StreamEntry.of("1732770000000-7", new StreamEntry.Fields("slot-booked", "push",
        "ab".repeat(32), "f1", "d1", "", Buffer.buffer("{\"name\":\"slot-booked\",\"data\":{}}"))));
  }

  @Test
  void aDeliveryIsTheBroadcastEnvelopeWithGroupAndDeliveries() {
    EncodedEvent plain = event();
    EncodedEvent delivery = GroupFrames.delivery(plain, "billing", 3);
    JsonObject expected = new JsonObject(new String(plain.json(), StandardCharsets.UTF_8))
        .put("group", "billing").put("deliveries", 3);
    JsonObject json = new JsonObject(new String(delivery.json(), StandardCharsets.UTF_8));
    assertThat(json).isEqualTo(expected);
    assertThat(json.fieldNames()).startsWith("id", "group", "deliveries", "name");
    assertThat(delivery.sseFrame().toString()).isEqualTo("id: 1732770000000-7\nevent: slot-booked\ndata: "
        + new String(delivery.json(), StandardCharsets.UTF_8) + "\n\n");
    assertThat(delivery.id()).isEqualTo(plain.id());
    assertThat(delivery.facility()).isEqualTo("f1");
  }

  @Test
  void noticesAreTypedJson() {
    assertThat(new JsonObject(GroupFrames.subscribed("g", "c")))
        .isEqualTo(new JsonObject().put("type", "subscribed").put("group", "g").put("consumer", "c"));
    JsonObject reset = new JsonObject(GroupFrames.trimmed("g", List.of("1-0", "2-0")));
    assertThat(reset.getString("type")).isEqualTo("reset");
    assertThat(reset.getString("reason")).isEqualTo("trimmed");
    assertThat(reset.getJsonArray("lost")).containsExactly("1-0", "2-0");
    assertThat(new JsonObject(GroupFrames.error("x \"y\"")).getString("detail")).isEqualTo("x \"y\"");
  }

  @Test
  void ackFramesTakeAnIdOrAListOfIds() {
    assertThat(GroupConsumerHandle.ids("1-0")).containsExactly("1-0");
    assertThat(GroupConsumerHandle.ids(new io.vertx.core.json.JsonArray(List.of("1-0", "2-5")))).containsExactly("1-0", "2-5");
    assertThat(GroupConsumerHandle.ids(42)).isNull();
    assertThat(GroupConsumerHandle.ids("nope")).isNull();
    assertThat(GroupConsumerHandle.ids("17")).isNull(); // an id always has its sequence
    assertThat(GroupConsumerHandle.ids(new io.vertx.core.json.JsonArray())).isNull();
    assertThat(GroupConsumerHandle.ids(new io.vertx.core.json.JsonArray(List.of("1-0", 2)))).isNull();
  }
}
