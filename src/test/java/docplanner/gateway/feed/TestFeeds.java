package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;

import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the feed tests. */
final class TestFeeds {

  private TestFeeds() {
  }

  /** Pushes {@code n} distinct events one after the other; returns their stream ids. */
  static List<String> push(Gateway gateway, int n, String tag) {
    PushClient push = TestGateways.pushClient(gateway);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PushClient.Answer answer = push.push(Notifications.slotBooked(tag + "-" + i, "f1", "d1"));
      if (answer.status() != 200) {
        throw new IllegalStateException("push failed: " + answer);
      }
      ids.add(answer.json().getString("id"));
    }
    return ids;
  }
}
