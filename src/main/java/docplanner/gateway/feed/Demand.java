package docplanner.gateway.feed;

/** How a feed instance tells the stream reader it has subscribers (read for me) or none (you may idle). */
interface Demand {

  /** The instance got its first subscriber. */
  void demand(FeedHub hub);

  /** The instance lost its last subscriber. */
  void idle(FeedHub hub);
}
