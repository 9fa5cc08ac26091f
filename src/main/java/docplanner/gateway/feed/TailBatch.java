package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;

import java.util.ArrayList;
import java.util.List;

/**
 * One read of the stream tail, handed to every feed instance of the process. Entries are encoded
 * at most once, by the first instance that has live subscribers to give them to; an instance with
 * none only moves its position on.
 */
final class TailBatch {

  private final List<StreamEntry> entries;
  private volatile List<EncodedEvent> encoded;

  TailBatch(List<StreamEntry> entries) {
    this.entries = entries;
  }

  StreamId last() {
    return entries.get(entries.size() - 1).id();
  }

  int size() {
    return entries.size();
  }

  List<EncodedEvent> encoded() {
    List<EncodedEvent> result = encoded;
    if (result == null) {
      synchronized (this) {
        result = encoded;
        if (result == null) {
          result = new ArrayList<>(entries.size());
          for (StreamEntry entry : entries) {
            result.add(FrameEncoder.encode(entry).inDirectMemory());
          }
          encoded = List.copyOf(result);
          result = encoded;
        }
      }
    }
    return result;
  }
}
