package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Failure reasons in /admin/attempts and /admin/failed are words, not Java class names. */
class DeliveryFailureTest {

  @Test
  void networkFailuresAreSaidInPlainWords() {
    assertThat(DeliveryFailure.describe(new ConnectException("Connection refused: /127.0.0.1:9")))
        .isEqualTo("connection refused by 127.0.0.1:9");
    assertThat(DeliveryFailure.describe(new ConnectException("finishConnect(..) failed: Connection refused: localhost/127.0.0.1:9")))
        .isEqualTo("connection refused by localhost:9");
    assertThat(DeliveryFailure.describe(new UnknownHostException("failed to resolve 'nowhere.invalid' after 2 queries")))
        .isEqualTo("unknown host nowhere.invalid");
    assertThat(DeliveryFailure.describe(new TimeoutException("The timeout period of 1000ms has been exceeded")))
        .isEqualTo("timeout");
    assertThat(DeliveryFailure.describe(new io.vertx.core.VertxException("Connection was closed", true)))
        .isEqualTo("the connection was closed before an answer");
  }

  @Test
  void noReasonNamesAJavaClass() {
    for (Throwable error : new Throwable[] {new ConnectException("Connection refused: /127.0.0.1:9"),
        new UnknownHostException("nowhere.invalid"), new IllegalStateException(), new ConnectException()}) {
      assertThat(DeliveryFailure.describe(error)).doesNotContain("Exception").doesNotContain("java.").isNotBlank();
    }
  }
}
