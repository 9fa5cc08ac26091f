package docplanner.feed.client;

/** A failure of the feed reported to {@code onError}: a refused subscription, a dropped connection, a failed ack. */
public class FeedException extends Exception {

  private static final long serialVersionUID = 1L;

  public FeedException(String message) {
    super(message);
  }

  public FeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
