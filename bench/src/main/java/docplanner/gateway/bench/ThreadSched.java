package docplanner.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the scheduler did with one thread so far, from {@code /proc/<pid>/task/<tid>/schedstat}
 * (kept by every kernel with {@code CONFIG_SCHED_INFO}, Debian's included): nanoseconds on a core,
 * nanoseconds runnable but waiting in a run queue, and the number of times it was put on a core.
 *
 * <p>The fan-out case reads it for the thread that reads the subscribers' sockets: when both cores
 * are busy writing an event's frames, that thread is woken by the first frame and waits for a core
 * before it reads any. The wait is part of every latency the client measures, and it belongs to the
 * machine the client shares with the server, not to the server's path (docs/performance.md,
 * twenty-sixth round, where {@code perf sched} found it).
 */
record ThreadSched(long runNanos, long waitNanos, long runs) {

  /** What a thread that cannot be read counts as: nothing, so that a difference of two is nothing too. */
  static final ThreadSched UNKNOWN = new ThreadSched(-1, -1, -1);

  boolean known() {
    return runs >= 0;
  }

  /** This reading less an earlier one: what happened in between (UNKNOWN when either is). */
  ThreadSched since(ThreadSched earlier) {
    return known() && earlier.known()
        ? new ThreadSched(runNanos - earlier.runNanos, waitNanos - earlier.waitNanos, runs - earlier.runs)
        : UNKNOWN;
  }

  /** The thread {@code tid} of process {@code pid} now, or UNKNOWN (gone, or no schedstat here). */
  static ThreadSched read(long pid, long tid) {
    try {
      String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "schedstat"))
          .trim().split(" ");
      return new ThreadSched(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /**
   * The id of the first thread of {@code pid} whose name ({@code comm}, which the kernel cuts to 15
   * characters; the JVM sets it from the Java thread's name) is {@code name}, or -1.
   */
  static long threadNamed(long pid, String name) {
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return threads.filter(t -> ProcCpu.readOrEmpty(t.resolve("comm")).strip().equals(name))
          .mapToLong(t -> Long.parseLong(t.getFileName().toString())).findFirst().orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
