package docplanner.gateway.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import docplanner.gateway.config.LogSettings;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level}: one console appender, text for humans or one
 * JSON object per line for the cluster's log shipper. Log lines carry ids, never notification
 * bodies (they hold patients' names, phones and national ids) nor secrets; an access token in a
 * quoted query string is masked as a last line of defence.
 */
public final class LogSetup {

  /**
   * The value of a query parameter that carries a credential ({@code ?access_token=}, what
   * EventSource clients must use), wherever a line quotes a request target: masked in every line,
   * message and exception alike, whichever code wrote it (ours, Vert.x's, Netty's).
   */
  static final String SECRET_IN_QUERY = "(?i)(?<=access_token=)[^&\" ]+"; // no backslash: it goes into a pattern too
  static final String MASK = "***";

  private LogSetup() {
  }

  public static void apply(LogSettings settings) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Encoder<ILoggingEvent> encoder;
    if (settings.format() == LogSettings.Format.JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setIncludeContext(false);
      MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
      masking.addValueMask(new MaskingJsonGeneratorDecorator.ValueMask(SECRET_IN_QUERY, MASK));
      masking.start();
      json.setJsonGeneratorDecorator(masking);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      String redact = "{'" + SECRET_IN_QUERY + "', '" + MASK + "'}";
      // %nopex: the exception is written by the redacting %ex before it, not once more in clear.
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %replace(%msg)" + redact
          + "%n%replace(%ex)" + redact + "%nopex");
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(console);
    root.setLevel(Level.toLevel(settings.level(), Level.INFO));
    // Netty and Vert.x internals are chatty at DEBUG and say nothing an operator needs at INFO.
    context.getLogger("io.netty").setLevel(Level.WARN);
    // Vert.x registers some client gauges once per client; Micrometer warns about the repeats.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
  }
}
