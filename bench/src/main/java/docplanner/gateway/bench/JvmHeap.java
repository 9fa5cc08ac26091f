package docplanner.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of another JVM, through {@code jcmd}: a full GC first, then the heap's "used" figure. */
final class JvmHeap {

  private static final Pattern USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private JvmHeap() {
  }

  /** Bytes in use on {@code pid}'s heap right after a full GC. */
  static long usedAfterGc(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read the heap use from jcmd GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(2)) * 1024;
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
