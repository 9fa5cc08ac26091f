package docplanner.feed.client;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventNameTest {

  @Test
  void theSeventeenNamesAreTheGatewaysAndOthersAreUnknown() throws Exception {
    // The gateway's list, from the repository this client is built in.
    String source = Files.readString(Path.of("../../src/main/java/docplanner/gateway/event/EventNames.java"));
    Matcher list = Pattern.compile("KNOWN = List\\.of\\(([^)]*)\\)").matcher(source);
    list.find();
    Set<String> gateway = Pattern.compile("\"([a-z-]+)\"").matcher(list.group(1)).results().map(m -> m.group(1))
        .collect(Collectors.toSet());
    Set<String> client = Arrays.stream(EventName.values()).filter(n -> n != EventName.UNKNOWN).map(EventName::wire)
        .collect(Collectors.toSet());
    assertEquals(17, gateway.size());
    assertEquals(gateway, client);
    for (String name : gateway) {
      assertEquals(name, EventName.of(name).wire());
    }
    assertEquals(EventName.UNKNOWN, EventName.of("visit-teleported"));
    assertEquals(EventName.UNKNOWN, EventName.of(null));
    assertNull(EventName.UNKNOWN.wire());
  }
}
