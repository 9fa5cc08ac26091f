package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;

import java.util.ArrayList;
import java.util.List;

/**
 * One read of the stream tail, handed to the feed instance whose reader made it (on that
 * instance's loop). Entries are encoded when the instance has live subscribers to give them to;
 * with none it only moves its position on.
 */
final class TailBatch {

  private final List<StreamEntry> entries;
  private final long readNanos;
  private List<EncodedEvent> encoded;

  /** @param readNanos when the reader handled the read ({@link System#nanoTime}), 0 unless stage timing is on */
  TailBatch(List<StreamEntry> entries, long readNanos) {
    this.entries = entries;
    this.readNanos = readNanos;
  }

  long readNanos() {
    return readNanos;
  }

  StreamId last() {
    return entries.get(entries.size() - 1).id();
  }

  int size() {
    return entries.size();
  }

  List<EncodedEvent> encoded() {
    if (encoded == null) {
      List<EncodedEvent> result = new ArrayList<>(entries.size());
      for (StreamEntry entry : entries) {
        result.add(FrameEncoder.encode(entry).inDirectMemory());
      }
      encoded = List.copyOf(result);
    }
    return encoded;
  }
}
