package docplanner.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of whole processes (all their threads) from {@code /proc/<pid>/stat}: utime + stime,
 * in clock ticks of 10 ms (USER_HZ is 100 on Linux whatever the kernel's HZ).
 */
final class ProcCpu {

  static final long MICROS_PER_TICK = 10_000;

  private ProcCpu() {
  }

  /** Summed user + system CPU of {@code pids}, in microseconds; a process that is gone counts 0. */
  static long micros(long... pids) {
    long ticks = 0;
    for (long pid : pids) {
      ticks += ticks(pid);
    }
    return ticks * MICROS_PER_TICK;
  }

  /**
   * CPU of the JVM's JIT compiler threads ({@code C1/C2 CompilerThread…}) in {@code pids}, in
   * microseconds; 0 for a process that is no JVM or is gone. A JVM still compiling its hot paths
   * is not yet at its steady state: the bench reports this share of its measured window.
   */
  static long jitMicros(long... pids) {
    long ticks = 0;
    for (long pid : pids) {
      try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path thread : (Iterable<Path>) threads::iterator) {
          if (COMPILER_THREADS.computeIfAbsent(thread, ProcCpu::isCompilerThread)) {
            ticks += ticks(thread.resolve("stat"));
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // gone, or no such process: nothing compiled there
      }
    }
    return ticks * MICROS_PER_TICK;
  }

  /**
   * Whether each thread seen so far is a compiler thread: its name is read once, not at every
   * reading (a JVM has dozens of threads, and a reading is taken as a measured window opens).
   */
  private static final Map<Path, Boolean> COMPILER_THREADS = new ConcurrentHashMap<>();

  private static boolean isCompilerThread(Path thread) {
    String name = readOrEmpty(thread.resolve("comm"));
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  private static long ticks(long pid) {
    return ticks(Path.of("/proc", Long.toString(pid), "stat"));
  }

  private static long ticks(Path statFile) {
    String stat = readOrEmpty(statFile);
    if (stat.isEmpty()) {
      return 0;
    }
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
  }

  /** A small /proc file's text, or "" when it cannot be read (the process or thread is gone). */
  static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Resident set size of a process in bytes ({@code VmRSS} of /proc/<pid>/status). */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }
}
