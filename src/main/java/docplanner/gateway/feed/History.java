package docplanner.gateway.feed;

import docplanner.gateway.event.StreamId;
import io.vertx.core.Future;

import java.util.List;

/**
 * The stream reads a feed instance makes for its subscribers (Redis in production, a fake in the
 * hub's unit test): history pages, resume-point checks and the newest id.
 */
interface History {

  /** Up to {@code count} entries strictly after {@code after}, oldest first. */
  Future<List<StreamEntry>> after(StreamId after, int count);

  /** Whether {@code id} is still in the stream, and the oldest id retained. */
  Future<StreamReader.ResumePoint> resumePoint(StreamId id);

  /** The id of the newest entry, {@link StreamId#ZERO} when the stream is empty. */
  Future<StreamId> newest();
}
