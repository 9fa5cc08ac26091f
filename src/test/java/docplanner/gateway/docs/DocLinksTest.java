package docplanner.gateway.docs;

import docplanner.gateway.event.EventNames;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation stands alone: every relative link in README.md, CHANGELOG.md and docs/ points
 * to a file of the repository (none outside it, none missing), and the event catalogue has a row
 * for each of the 17 notification names.
 */
class DocLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

  @Test
  void everyRelativeLinkPointsToAFileInsideTheRepository() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    int links = 0;
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue; // web links and anchors in the same page
        }
        Path resolved = page.toAbsolutePath().getParent().resolve(target.replaceAll("#.*$", "")).normalize();
        assertThat(resolved).as(page + " links " + target + ", outside the repository").startsWith(ROOT);
        assertThat(resolved).as(page + " links " + target).exists();
        links++;
      }
    }
    assertThat(links).isGreaterThan(20);
  }

  @Test
  void theCatalogueHasARowForEveryNotificationName() throws IOException {
    String catalogue = Files.readString(Path.of("docs", "events.md"));
    for (String name : EventNames.KNOWN) {
      assertThat(catalogue).as(name).contains("| `" + name + "` |");
    }
  }
}
