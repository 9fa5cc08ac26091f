package docplanner.gateway.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The lines one logger writes during each test ({@code @RegisterExtension}, one per test instance). */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  public CapturedLog(Class<?> loggerOf) {
    this(loggerOf.getName());
  }

  public CapturedLog(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
  }

  public Logger logger() {
    return logger;
  }

  public List<ILoggingEvent> lines() {
    return lines.list;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    lines.list.clear();
    lines.start();
    logger.addAppender(lines);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(lines);
  }
}
