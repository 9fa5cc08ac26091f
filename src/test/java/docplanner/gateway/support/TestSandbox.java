package docplanner.gateway.support;

import docplanner.gateway.sandbox.Sandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * JUnit extension: one sandbox (see {@link TestSandboxes}) for the test class, reset to an empty
 * state before each test (queue, failed events, lists, limits; the clock only moves forward).
 * {@code @RegisterExtension static final TestSandbox sandbox = new TestSandbox(Map.of(...));}
 */
public final class TestSandbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final Map<String, ?> overrides;
  private Sandbox sandbox;
  private SandboxClient client;

  public TestSandbox() {
    this(Map.of());
  }

  /** @param overrides flat {@code sandbox.*} keys */
  public TestSandbox(Map<String, ?> overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sandbox = TestSandboxes.start(overrides);
    client = TestSandboxes.client(sandbox);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    client.admin("POST", "/reset", null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sandbox.close();
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public SandboxClient client() {
    return client;
  }
}
