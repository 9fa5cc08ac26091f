package docplanner.gateway.feed;

import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.store.EntryFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.redis.client.impl.types.MultiType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The envelope's fingerprint of entries that do not carry one, and of older entries that do. */
class StoredFingerprintTest {

  private static final String BODY = "{\"name\":\"slot-booked\",\"data\":{\"facility\":{\"id\":\"1\"},\"price\":5e1},"
      + "\"created_at\":\"2026-11-28T10:00:00+01:00\"}";

  @Test
  void isComputedFromTheStoredNotificationAsAtIngest() {
    assertThat(StoredFingerprint.of(Buffer.buffer(BODY)))
        .isEqualTo(new NotificationParser().parse(Buffer.buffer(BODY)).fingerprint())
        .matches("[0-9a-f]{64}");
  }

  @Test
  void aStoredFingerprintIsTakenAsItIsAndAForeignBodyHasNone() {
    StreamEntry.Fields old = entry(EntryFields.FINGERPRINT, "ab".repeat(32), BODY);
    assertThat(old.fingerprint()).isEqualTo("ab".repeat(32));
    assertThat(entry(EntryFields.NAME, "x", "[1,2]").fingerprint()).isEmpty();
    assertThat(entry(EntryFields.NAME, "x", BODY).fingerprint()).isEqualTo(StoredFingerprint.of(Buffer.buffer(BODY)));
  }

  private static StreamEntry.Fields entry(String field, String value, String notification) {
    MultiType values = MultiType.create(4, false);
    values.add(BulkType.create(Buffer.buffer(field), false));
    values.add(BulkType.create(Buffer.buffer(value), false));
    values.add(BulkType.create(Buffer.buffer(EntryFields.NOTIFICATION), false));
    values.add(BulkType.create(Buffer.buffer(notification), false));
    MultiType entry = MultiType.create(2, false);
    entry.add(BulkType.create(Buffer.buffer("1764300000000-0"), false));
    entry.add(values);
    return StreamEntry.from(entry).fields();
  }
}
