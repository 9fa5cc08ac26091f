package docplanner.gateway.feed;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** A channel that records what it is sent (unit tests of the hub and of group consumers). */
public class FakeChannel implements Channel {
  public final List<EncodedEvent> sent = new ArrayList<>();
  public boolean full;
  public boolean cut;
  public Runnable onClose;

  public List<String> ids() {
    return sent.stream().map(e -> e.id().toString()).toList();
  }

  public void close() {
    onClose.run();
  }

  @Override
  public String protocol() {
    return "sse";
  }

  @Override
  public Future<Void> send(List<EncodedEvent> events) {
    sent.addAll(events);
    return Future.succeededFuture();
  }

  @Override
  public void sendNotice(String type, String json) {
  }

  @Override
  public void heartbeat() {
  }

  @Override
  public boolean full() {
    return full;
  }

  @Override
  public void onDrain(Runnable handler) {
  }

  @Override
  public void onClose(Runnable handler) {
    onClose = handler;
  }

  @Override
  public void cutOff() {
    cut = true;
  }

  @Override
  public void closeForShutdown() {
  }
}
