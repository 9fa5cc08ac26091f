package docplanner.gateway.upstream;

import java.time.Duration;

/**
 * A bearer token from the token endpoint and how long it lives. {@link #toString()} hides the
 * value, so a token cannot reach a log line by accident.
 */
public record AccessToken(String value, Duration lifetime) {

  @Override
  public String toString() {
    return "AccessToken[***, lifetime=" + lifetime + "]";
  }
}
