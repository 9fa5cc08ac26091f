package docplanner.feed.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's consumer-group example compiles against this library (with the service's own objects stubbed). */
class ReadmeSnippetTest {

  @TempDir
  Path dir;

  @Test
  void theReadmeGroupExampleCompiles() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int section = readme.indexOf("### The Java subscriber kit and consumer groups");
    assertTrue(section >= 0, "the README has the section");
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(section), "the section has a java block");
    String source = """
        import docplanner.feed.client.*;

        class ReadmeSnippet {
          interface Log { void warn(String format, Object... args); }
          interface Bookings { void book(String eventId, String visitId, String notificationJson) throws Exception; }
          static Log log;
          static Bookings bookings;

          static FeedClient run() {
        %s
            return feed;
          }
        }
        """.formatted(block.group(1));
    Path file = Files.writeString(dir.resolve("ReadmeSnippet.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit = javac.run(null, null, errors, List.of("-d", dir.toString(), "-cp",
        Path.of("target/classes").toAbsolutePath().toString(), file.toString()).toArray(String[]::new));
    assertEquals(0, exit, source + "\n" + errors.toString(StandardCharsets.UTF_8));
  }
}
