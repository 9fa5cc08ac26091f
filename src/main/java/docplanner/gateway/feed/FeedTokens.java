package docplanner.gateway.feed;

import docplanner.gateway.web.Problem;
import docplanner.gateway.web.Secrets;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The feed's credentials ({@code feed.tokens}): {@code Authorization: Bearer <token>} or
 * {@code ?access_token=} (EventSource cannot set headers). Subscriptions and group
 * acknowledgements ask for the same.
 */
public final class FeedTokens {

  private FeedTokens() {
  }

  /** @throws Problem 401 when tokens are configured and none of them was presented */
  public static void authorize(HttpServerRequest request, List<String> tokens) {
    if (tokens.isEmpty()) {
      return;
    }
    String presented = request.getParam("access_token");
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = header.substring(7).trim();
    }
    if (presented == null || presented.isEmpty()) {
      request.response().putHeader("WWW-Authenticate", "Bearer realm=\"docplanner-gateway feed\"");
      throw new Problem(401, "unauthorized", "Authentication required",
          "send a feed token as Authorization: Bearer <token> or ?access_token=<token>");
    }
    if (!Secrets.oneOf(presented, tokens)) {
      request.response().putHeader("WWW-Authenticate", "Bearer realm=\"docplanner-gateway feed\", error=\"invalid_token\"");
      throw new Problem(401, "unauthorized", "Invalid token", "the feed token is not one of feed.tokens");
    }
  }

}
