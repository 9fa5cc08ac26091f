package docplanner.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the {@code BENCH key=value ...} lines of a run (and JMH's JSON) into the human table, the
 * gateway's ratios to the ceilings and the peer, and the targets met or missed. Prints the
 * table, then the derived {@code BENCH} lines (ratios, targets, JMH) for machines.
 *
 * <pre>--results FILE [--jmh FILE] [--mode full|quick]</pre>
 */
public final class Report {

  private final List<Map<String, String>> rows = new ArrayList<>();
  private final List<String> derived = new ArrayList<>();
  /** The median gateway / bare-dedupe req/s ratio of the alternating rounds (NaN without them). */
  private double pairedMedian = Double.NaN;
  private final StringBuilder out = new StringBuilder();

  private Report() {
  }

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    Report report = new Report();
    for (String line : Files.readAllLines(Path.of(args.string("results")))) {
      if (line.startsWith("BENCH ")) {
        report.rows.add(parse(line));
      }
    }
    String jmh = args.string("jmh", "");
    if (!jmh.isEmpty() && Files.isRegularFile(Path.of(jmh))) {
      report.jmh(Files.readString(Path.of(jmh)));
    }
    report.render(args.string("mode", "full"));
    System.out.print(report.out);
    for (String line : report.derived) {
      System.out.println(line);
    }
  }

  static Map<String, String> parse(String line) {
    Map<String, String> row = new LinkedHashMap<>();
    for (String token : line.substring("BENCH ".length()).trim().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        row.put(token.substring(0, eq), token.substring(eq + 1));
      }
    }
    return row;
  }

  private void jmh(String json) {
    for (Object o : new JsonArray(json)) {
      JsonObject result = (JsonObject) o;
      String name = result.getString("benchmark");
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      JsonObject primary = result.getJsonObject("primaryMetric");
      double alloc = Double.NaN;
      JsonObject secondary = result.getJsonObject("secondaryMetrics", new JsonObject());
      for (String key : secondary.fieldNames()) {
        if (key.endsWith("gc.alloc.rate.norm")) {
          alloc = number(secondary.getJsonObject(key).getValue("score"));
        }
      }
      Map<String, String> row = new LinkedHashMap<>();
      row.put("case", "jmh");
      row.put("benchmark", name);
      row.put("ns_per_op", fmt(number(primary.getValue("score"))));
      row.put("ns_error", fmt(number(primary.getValue("scoreError"))));
      row.put("alloc_bytes_per_op", fmt(alloc));
      rows.add(row);
      derived.add("BENCH case=jmh benchmark=" + name + " ns_per_op=" + row.get("ns_per_op")
          + " ns_error=" + row.get("ns_error") + " alloc_bytes_per_op=" + row.get("alloc_bytes_per_op"));
    }
  }

  /** JMH writes "NaN" (a string) where it has no figure, e.g. the error of a single iteration. */
  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private void render(String mode) {
    line("docplanner-gateway benchmark (" + mode + " mode" + ("quick".equals(mode) ? ": SMOKE figures, not results" : "")
        + ")");
    ingest();
    fanout();
    stages();
    groups();
    idle();
    memory();
    scriptCost();
    startup();
    jmhTable();
    targets();
  }

  private void ingest() {
    List<Map<String, String>> ingest = select(r -> "ingest".equals(r.get("case")));
    if (ingest.isEmpty()) {
      return;
    }
    line("");
    line("Ingest (wrk -t2, unique ~0.94 KB slot-booked bodies; measured after a warm-up; CPU = server + its Redis)");
    line(String.format(Locale.ROOT, "%-16s %5s %10s %8s %8s %8s %10s %10s %8s", "target", "conns", "req/s",
        "p50 ms", "p99 ms", "p99.9 ms", "CPU us/req", "redis us", "errors"));
    for (Map<String, String> r : ingest) {
      line(String.format(Locale.ROOT, "%-16s %5s %10s %8s %8s %8s %10s %10s %8s", r.get("target"), r.get("conns"),
          r.get("rps"), r.get("p50_ms"), r.get("p99_ms"), r.get("p999_ms"), r.get("cpu_us_per_req"),
          r.get("redis_cpu_us_per_req"), r.get("errors")));
    }
    line("");
    line("Gateway ratios (same run)");
    for (String conns : List.of("64", "256")) {
      Map<String, String> gateway = ingestRow("gateway", conns);
      if (gateway == null) {
        continue;
      }
      StringBuilder text = new StringBuilder("  c" + conns + ":");
      StringBuilder machine = new StringBuilder("BENCH case=ratio conns=" + conns);
      for (String peer : List.of("bare-200", "bare-xadd", "bare-dedupe", "bare-dedupe-turn", "bare-dedupe-index", "gateway-baseline", "nchan-redis",
          "nchan-memory")) {
        Map<String, String> other = ingestRow(peer, conns);
        if (other == null) {
          continue;
        }
        double rps = num(gateway, "rps") / num(other, "rps");
        text.append(String.format(Locale.ROOT, "  req/s %.2fx %s", rps, peer));
        machine.append(" rps_vs_").append(peer.replace('-', '_')).append('=').append(fmt(rps));
        if (!peer.startsWith("bare-200")) {
          double cpu = num(gateway, "cpu_us_per_req") / num(other, "cpu_us_per_req");
          text.append(String.format(Locale.ROOT, " (CPU/req %.2fx)", cpu));
          machine.append(" cpu_vs_").append(peer.replace('-', '_')).append('=').append(fmt(cpu));
        }
      }
      Map<String, String> dup = ingestRow("gateway-dup50", conns);
      if (dup != null) {
        double rps = num(dup, "rps") / num(gateway, "rps");
        double cpu = num(dup, "cpu_us_per_req") / num(gateway, "cpu_us_per_req");
        text.append(String.format(Locale.ROOT, "  | 50%% duplicates: req/s %.2fx, CPU/req %.2fx of unique", rps, cpu));
        machine.append(" dup50_rps_vs_unique=").append(fmt(rps)).append(" dup50_cpu_vs_unique=").append(fmt(cpu));
      }
      line(text.toString());
      derived.add(machine.toString());
    }
    pairs();
    replicaAcks();
  }

  /**
   * The gateway against bare-dedupe in alternating rounds (bench/run ingest_pairs): each round's
   * ratio from two windows a minute apart, and their median, the figure that survives the
   * machine's drift between the single windows above.
   */
  private void pairs() {
    List<Double> rpsRatios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int round = 1; ; round++) {
      Map<String, String> dedupe = pairRow(round, "bare-dedupe");
      Map<String, String> gateway = pairRow(round, "gateway");
      if (dedupe == null || gateway == null) {
        break;
      }
      double rps = num(gateway, "rps") / num(dedupe, "rps");
      double cpu = num(gateway, "cpu_us_per_req") / num(dedupe, "cpu_us_per_req");
      rpsRatios.add(rps);
      cpuRatios.add(cpu);
      text.append(String.format(Locale.ROOT,
          "  round %d: gateway %s req/s, bare-dedupe %s req/s: %.2fx (CPU/req %.2fx; JIT us/req %s and %s)%n",
          round, gateway.get("rps"), dedupe.get("rps"), rps, cpu, gateway.getOrDefault("server_jit_us_per_req", "-"),
          dedupe.getOrDefault("server_jit_us_per_req", "-")));
    }
    if (rpsRatios.isEmpty()) {
      return;
    }
    line("");
    line("Gateway against bare-dedupe, alternating rounds at c64 (fresh Redis and process each, "
        + pairRow(1, "gateway").getOrDefault("warmup_s", "?") + " s warm-up)");
    line(text.toString().stripTrailing());
    line(String.format(Locale.ROOT, "  median of %d rounds: req/s %.2fx, CPU/req %.2fx", rpsRatios.size(),
        median(rpsRatios), median(cpuRatios)));
    pairedMedian = median(rpsRatios);
    derived.add("BENCH case=ratio-pairs conns=64 rounds=" + rpsRatios.size() + " median_rps_vs_bare_dedupe="
        + fmt(median(rpsRatios)) + " median_cpu_vs_bare_dedupe=" + fmt(median(cpuRatios)));
  }

  private Map<String, String> pairRow(int round, String target) {
    return first(r -> "ingest-pair".equals(r.get("case")) && String.valueOf(round).equals(r.get("round"))
        && target.equals(r.get("target")));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** What redis.min-replicas-acks 1 costs against the same primary and replica without it. */
  private void replicaAcks() {
    for (String conns : List.of("64", "256")) {
      Map<String, String> without = ingestRow("gateway-replica", conns);
      Map<String, String> with = ingestRow("gateway-acks1", conns);
      if (without == null || with == null) {
        continue;
      }
      double rps = num(with, "rps") / num(without, "rps");
      double p50 = num(with, "p50_ms") / num(without, "p50_ms");
      double p99 = num(with, "p99_ms") / num(without, "p99_ms");
      line(String.format(Locale.ROOT, "  c%s: min-replicas-acks 1 vs 0 (one replica): req/s %.2fx, p50 %.2fx, p99 %.2fx",
          conns, rps, p50, p99));
      derived.add("BENCH case=replica-acks conns=" + conns + " rps_acks1_vs_acks0=" + fmt(rps)
          + " p50_acks1_vs_acks0=" + fmt(p50) + " p99_acks1_vs_acks0=" + fmt(p99));
    }
  }

  private void fanout() {
    List<Map<String, String>> fanout = select(r -> "fanout".equals(r.get("case")));
    if (fanout.isEmpty()) {
      return;
    }
    line("");
    line("Fan-out (SSE; latency = push sent -> frame read; CPU per delivered event; client: java NIO or Node subscribers;"
        + " a window per round, targets in turn, and each target's median over the rounds)");
    line(String.format(Locale.ROOT, "%-16s %-6s %5s %5s %5s %9s %9s %8s %8s %8s %8s %8s %10s %8s %8s %8s %8s %5s %5s",
        "target", "client", "subs", "round", "ev/s", "delivered", "expected", "p50 ms", "p99 ms", "max ms", "ack p50",
        "ack p99", "CPU us/ev", "srv %cpu", "cli %cpu", "sel %cpu", "rq us/ev", "jit %", "cut"));
    // Side by side: for each subscriber count, each client, the gateway then its peer, each target's
    // windows then their median.
    for (List<Map<String, String>> windows : fanoutGroups(fanout)) {
      for (Map<String, String> r : windows) {
        line(fanoutLine(r, r.getOrDefault("round", "1")));
      }
      if (windows.size() > 1) {
        Map<String, String> m = fanoutMedian(windows);
        line(fanoutLine(m, "med"));
        derived.add("BENCH case=fanout-median target=" + m.get("target") + " client=" + client(m) + " subscribers="
            + m.get("subscribers") + " rounds=" + windows.size() + " delivered_pct_min=" + m.get("delivered_pct")
            + " p50_ms=" + m.get("p50_ms") + " p99_ms=" + m.get("p99_ms") + " max_ms=" + m.get("max_ms")
            + " server_cpu_us_per_delivery=" + m.get("server_cpu_us_per_delivery")
            + " client_reader_wait_us_per_event=" + m.get("client_reader_wait_us_per_event"));
      }
    }
    line("  (ack: push sent -> its acknowledgement read, ms, the ingest part of the latency; CPU us/ev and srv %cpu:"
        + " server + its Redis; cli: java = the whole subscriber JVM, publisher included, node = the Node process;"
        + " sel: the Java client's selector thread; rq: us per event that the client's reading thread (Java: the"
        + " selector, Node: the main thread) spent runnable but waiting for a core, from its schedstat: the share of"
        + " the latency that is the client sharing this machine's cores with the server; jit: the server's JIT compiler threads, % of a core, 0 for nginx:"
        + " well above 0 means the JVM was still compiling, not yet at its steady state; cut: subscribers disconnected"
        + " by the server; med: the median of each column over the rounds, delivered: the lowest, max: the highest)");
    subscriberSpread(fanout);
  }

  /**
   * How each multi-process server (nginx's workers) had its subscribers spread, window by window: the
   * gateway writes from a feed loop per core, half the subscribers each; a server whose subscribers
   * all sit on one worker writes them from one core, and that shapes what a client on the same
   * cores waits for.
   */
  private void subscriberSpread(List<Map<String, String>> fanout) {
    for (List<Map<String, String>> windows : fanoutGroups(fanout)) {
      List<String> spreads = windows.stream().map(r -> r.getOrDefault("subscribers_per_server_process", "")).toList();
      if (spreads.stream().anyMatch(v -> v.contains("+"))) {
        Map<String, String> first = windows.get(0);
        line(String.format(Locale.ROOT, "  subscribers per server process, %s %s %s, window by window: %s",
            first.get("target"), client(first), first.get("subscribers"), String.join(" | ", spreads)));
      }
    }
  }

  private static String fanoutLine(Map<String, String> r, String round) {
    return String.format(Locale.ROOT, "%-16s %-6s %5s %5s %5s %8s%% %9s %8s %8s %8s %8s %8s %10s %8s %8s %8s %8s %5s %5s",
        r.get("target"), client(r), r.get("subscribers"), round, r.get("rate"), r.get("delivered_pct"), r.get("expected"),
        r.get("p50_ms"), r.get("p99_ms"), r.get("max_ms"), r.getOrDefault("ack_p50_ms", "-"),
        r.getOrDefault("ack_p99_ms", "-"), r.get("server_cpu_us_per_delivery"),
        fmt(num(r, "server_cpu_pct") + num(r, "redis_cpu_pct")), r.get("client_cpu_pct"),
        r.get("client_selector_cpu_pct"), r.getOrDefault("client_reader_wait_us_per_event", "-"),
        r.getOrDefault("server_jit_cpu_pct", "-"), r.get("disconnects"));
  }

  /** The windows of one target, client and subscriber count, in round order; groups by count, client, target. */
  private static List<List<Map<String, String>>> fanoutGroups(List<Map<String, String>> windows) {
    Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
    windows.stream()
        .sorted(Comparator.comparingInt((Map<String, String> r) -> (int) num(r, "subscribers"))
            .thenComparing(Report::client).thenComparing(r -> r.get("target"))
            .thenComparingInt(r -> (int) num(r, "round")))
        .forEach(r -> groups.computeIfAbsent(r.get("subscribers") + " " + client(r) + " " + r.get("target"),
            k -> new ArrayList<>()).add(r));
    return new ArrayList<>(groups.values());
  }

  /** Figures whose median over a target's rounds is what it is judged by. */
  private static final List<String> MEDIAN_KEYS = List.of("p50_ms", "p99_ms", "ack_p50_ms", "ack_p99_ms",
      "server_cpu_us_per_delivery", "server_only_cpu_us_per_delivery", "redis_cpu_us_per_delivery", "server_cpu_pct",
      "redis_cpu_pct", "client_cpu_pct", "client_selector_cpu_pct", "client_reader_wait_us_per_event",
      "client_reader_wait_us_per_run", "client_reader_runs_per_event", "server_jit_cpu_pct", "expected");

  /** One row for a target's windows: the median of each figure; the lowest delivered %, the highest max and cuts. */
  private static Map<String, String> fanoutMedian(List<Map<String, String>> windows) {
    Map<String, String> m = new LinkedHashMap<>(windows.get(0));
    for (String key : MEDIAN_KEYS) {
      m.put(key, fmt(median(windows.stream().map(r -> num(r, key)).toList())));
    }
    m.put("delivered_pct", fmt(windows.stream().mapToDouble(r -> num(r, "delivered_pct")).min().orElse(Double.NaN)));
    m.put("max_ms", fmt(windows.stream().mapToDouble(r -> num(r, "max_ms")).max().orElse(Double.NaN)));
    m.put("disconnects", fmt(windows.stream().mapToDouble(r -> num(r, "disconnects")).sum()));
    m.put("round", "med");
    return m;
  }

  /** The gateway's own account of the fan-out windows (metrics.stage-timing): where its part of the latency went. */
  private void stages() {
    List<Map<String, String>> stages = select(r -> "stages".equals(r.get("case")));
    if (stages.isEmpty()) {
      return;
    }
    line("");
    line("Where the time goes (gateway, metrics.stage-timing over the same windows; ms between consecutive stages;"
        + " the median over the rounds of each percentile, the highest max)");
    line(String.format(Locale.ROOT, "%-16s %-6s %5s %6s %-9s %9s %8s %8s %8s %8s", "target", "client", "subs", "rounds",
        "stage", "count", "p50", "p90", "p99", "max"));
    Map<String, List<Map<String, String>>> byStage = new LinkedHashMap<>();
    for (Map<String, String> r : stages) {
      byStage.computeIfAbsent(r.get("target") + " " + client(r) + " " + r.get("subscribers") + " " + r.get("stage"),
          k -> new ArrayList<>()).add(r);
    }
    String window = "";
    for (List<Map<String, String>> rounds : byStage.values()) {
      Map<String, String> r = rounds.get(0);
      String now = r.get("target") + " " + client(r) + " " + r.get("subscribers");
      if (!now.equals(window) && !window.isEmpty()) {
        line("");
      }
      window = now;
      line(String.format(Locale.ROOT, "%-16s %-6s %5s %6d %-9s %9s %8s %8s %8s %8s", r.get("target"), client(r),
          r.get("subscribers"), rounds.size(), r.get("stage"),
          fmt(median(rounds.stream().map(x -> num(x, "count")).toList())),
          fmt(median(rounds.stream().map(x -> num(x, "p50_ms")).toList())),
          fmt(median(rounds.stream().map(x -> num(x, "p90_ms")).toList())),
          fmt(median(rounds.stream().map(x -> num(x, "p99_ms")).toList())),
          fmt(rounds.stream().mapToDouble(x -> num(x, "max_ms")).max().orElse(Double.NaN))));
    }
    line("  (store: push body read -> store script's reply; tail: -> XREAD reply carrying it (0 when that came first);"
        + " mailbox: -> a feed loop takes the batch; write: -> the write call for one subscriber; flush: -> written to"
        + " the kernel; total: push body read -> flush; gc-pause: stop-the-world collections in the window;"
        + " count: the median per window)");
  }

  private void groups() {
    List<Map<String, String>> groups = select(r -> "groups".equals(r.get("case")));
    if (groups.isEmpty()) {
      return;
    }
    line("");
    line("Consumer groups (WebSocket; group: each event to one of the consumers, acknowledged at once; broadcast: to all)");
    line(String.format(Locale.ROOT, "%-10s %5s %6s %9s %9s %10s %8s %8s %8s %10s %8s %8s", "mode", "cons",
        "ev/s", "delivered", "expected", "deliv/s", "p50 ms", "p99 ms", "max ms", "CPU us/ev", "srv %cpu", "redeliv"));
    for (Map<String, String> r : groups) {
      line(String.format(Locale.ROOT, "%-10s %5s %6s %8s%% %9s %10s %8s %8s %8s %10s %8s %8s", r.get("mode"),
          r.get("consumers"), r.get("rate"), r.get("delivered_pct"), r.get("expected"), r.get("delivered_per_s"),
          r.get("p50_ms"), r.get("p99_ms"), r.get("max_ms"), r.get("server_cpu_us_per_delivery"),
          fmt(num(r, "server_cpu_pct") + num(r, "redis_cpu_pct")), r.getOrDefault("redeliveries", "-")));
    }
    line("  (latency: push sent -> message read by the consumer; deliv/s: deliveries per second of the window, summed over"
        + " consumers; CPU us/ev and srv %cpu: server + its Redis, per delivery)");
  }

  private void idle() {
    for (Map<String, String> r : select(x -> "idle".equals(x.get("case")))) {
      line("");
      line(String.format(Locale.ROOT, "Idle subscribers (%s): %s connected in %s ms; heap %s KiB and RSS %s KiB per"
              + " subscriber; heartbeats every %s ms: %s gaps, p99 %s ms, max %s ms, %s%% on time, %s silent",
          r.get("target"), r.get("connected"), r.get("connect_ms"), r.get("heap_per_sub_kib"), r.get("rss_per_sub_kib"),
          r.get("heartbeat_ms"), r.get("heartbeat_gaps"), r.get("gap_p99_ms"), r.get("gap_max_ms"),
          r.get("heartbeat_on_time_pct"), r.get("silent_subscribers")));
    }
  }

  private void memory() {
    List<Map<String, String>> memory = select(r -> "memory".equals(r.get("case")));
    if (memory.isEmpty()) {
      return;
    }
    line("");
    line("Memory per event (Redis bytes per stored event; unique slot-booked pushes into a fresh Redis)");
    line(String.format(Locale.ROOT, "%-10s %8s %8s %10s %10s %10s %12s %10s %12s", "target", "events", "body B",
        "stream B", "index B", "total B", "stream usage", "index keys", "keys' usage"));
    for (Map<String, String> r : memory) {
      line(String.format(Locale.ROOT, "%-10s %8s %8s %10s %10s %10s %12s %10s %12s", r.get("target"), r.get("stored"),
          r.get("body_bytes_avg"), r.get("stream_bytes_per_event"), r.get("index_bytes_per_event"),
          r.get("total_bytes_per_event"), r.getOrDefault("stream_usage_per_event", "-"), r.get("index_keys"),
          r.get("index_keys_usage_per_event")));
    }
    line("  (per stored event, from INFO used_memory: stream = what deleting the stream freed, index = the rest of the"
        + " growth, hash tables included; usage = MEMORY USAGE of the stream / of every other new key, summed, as a check)");
  }

  private void scriptCost() {
    List<Map<String, String>> rows = select(r -> "script".equals(r.get("case")));
    if (rows.isEmpty()) {
      return;
    }
    Map<String, String> bare = rows.stream().filter(r -> "bare-dedupe".equals(r.get("target"))).findFirst().orElse(null);
    line("");
    line("Store script: Redis instructions per unique push (callgrind: reading, running and answering the calls)");
    for (Map<String, String> r : rows) {
      String ratio = bare == null ? "" : String.format(Locale.ROOT, "  %.2fx bare-dedupe",
          num(r, "instructions_per_push") / num(bare, "instructions_per_push"));
      line(String.format(Locale.ROOT, "  %-18s %2s per call %,10d%s", r.get("target"), r.get("batch"),
          (long) num(r, "instructions_per_push"), ratio));
    }
  }

  private void startup() {
    for (Map<String, String> r : select(x -> "startup".equals(x.get("case")))) {
      line("");
      line(String.format(Locale.ROOT, "Startup (%s): process start -> %s: median %s ms, best %s ms (runs: %s)",
          r.get("target"), r.get("ready_when"), r.get("median_ms"), r.get("min_ms"), r.get("runs_ms")));
    }
  }

  private void jmhTable() {
    List<Map<String, String>> jmh = select(r -> "jmh".equals(r.get("case")));
    if (jmh.isEmpty()) {
      return;
    }
    line("");
    line("JMH (one thread, average time per operation; allocation from -prof gc)");
    line(String.format(Locale.ROOT, "%-52s %12s %10s %14s", "benchmark", "ns/op", "+-", "bytes/op"));
    for (Map<String, String> r : jmh) {
      line(String.format(Locale.ROOT, "%-52s %12s %10s %14s", r.get("benchmark"), r.get("ns_per_op"), r.get("ns_error"),
          r.get("alloc_bytes_per_op")));
    }
  }

  private void targets() {
    List<String[]> checks = new ArrayList<>();
    Map<String, String> gateway64 = ingestRow("gateway", "64");
    Map<String, String> xadd64 = ingestRow("bare-xadd", "64");
    Map<String, String> nchan64 = ingestRow("nchan-redis", "64");
    if (gateway64 != null && xadd64 != null) {
      checks.add(check("ingest_rps_vs_bare_xadd_c64", num(gateway64, "rps") / num(xadd64, "rps"), ">=", 0.8));
      checks.add(check("ingest_cpu_per_req_vs_bare_xadd_c64",
          num(gateway64, "cpu_us_per_req") / num(xadd64, "cpu_us_per_req"), "<=", 1.25));
    }
    // Issue 14: at least 0.9 of what atomic content dedupe itself allows, at both loads.
    for (String conns : List.of("64", "256")) {
      Map<String, String> gateway = ingestRow("gateway", conns);
      Map<String, String> dedupe = ingestRow("bare-dedupe", conns);
      if (gateway != null && dedupe != null) {
        checks.add(check("ingest_rps_vs_bare_dedupe_c" + conns, num(gateway, "rps") / num(dedupe, "rps"), ">=", 0.9));
      }
      // The same against a ceiling that runs the gateway's own store script (its compact index).
      Map<String, String> index = ingestRow("bare-dedupe-index", conns);
      if (gateway != null && index != null) {
        checks.add(check("ingest_rps_vs_bare_dedupe_index_c" + conns, num(gateway, "rps") / num(index, "rps"), ">=", 0.9));
      }
    }
    if (!Double.isNaN(pairedMedian)) {
      checks.add(check("ingest_rps_vs_bare_dedupe_c64_paired", pairedMedian, ">=", 0.9));
    }
    if (gateway64 != null && nchan64 != null) {
      checks.add(check("ingest_rps_vs_nchan_redis_c64", num(gateway64, "rps") / num(nchan64, "rps"), ">=", 1.5));
    }
    if (gateway64 != null) {
      checks.add(check("ingest_p99_ms_c64", num(gateway64, "p99_ms"), "<=", 10));
    }
    for (String subs : List.of("100", "1000")) {
      Map<String, String> g = fanoutRow("gateway", subs);
      Map<String, String> n = fanoutRow("nchan-redis", subs);
      if (g != null) {
        checks.add(check("fanout_delivered_pct_" + subs, num(g, "delivered_pct"), ">=", 100));
      }
      if (g != null && n != null && subs.equals("100")) {
        checks.add(check("fanout_p99_ms_100_vs_nchan", num(g, "p99_ms"), "<=", num(n, "p99_ms")));
        // Issue 14: p50 too, CPU per delivery, and the same with Node subscribers.
        checks.add(check("fanout_p50_ms_100_vs_nchan", num(g, "p50_ms"), "<=", num(n, "p50_ms")));
        checks.add(check("fanout_cpu_per_delivery_100_vs_nchan", num(g, "server_cpu_us_per_delivery"), "<=",
            num(n, "server_cpu_us_per_delivery")));
        Map<String, String> gn = fanoutRow("gateway", "node", subs);
        Map<String, String> nn = fanoutRow("nchan-redis", "node", subs);
        if (gn != null && nn != null) {
          checks.add(check("fanout_node_p50_ms_100_vs_nchan", num(gn, "p50_ms"), "<=", num(nn, "p50_ms")));
          checks.add(check("fanout_node_p99_ms_100_vs_nchan", num(gn, "p99_ms"), "<=", num(nn, "p99_ms")));
        }
      }
      if (g != null && n != null && subs.equals("1000")) {
        checks.add(check("fanout_cpu_per_delivery_1000_vs_nchan", num(g, "server_cpu_us_per_delivery"), "<=",
            num(n, "server_cpu_us_per_delivery")));
      }
    }
    for (Map<String, String> r : select(x -> "idle".equals(x.get("case")))) {
      checks.add(check("idle_heap_kib_per_subscriber", num(r, "heap_per_sub_kib"), "<=", 20));
      checks.add(check("idle_rss_kib_per_subscriber", num(r, "rss_per_sub_kib"), "<=", 20));
      checks.add(check("idle_heartbeats_on_time_pct", num(r, "heartbeat_on_time_pct"), ">=", 100));
    }
    for (Map<String, String> r : select(x -> "memory".equals(x.get("case")))) {
      // Issue 13: the dedupe index at most 64 B per event, the stream entry within 10 % of the notification.
      checks.add(check("memory_index_bytes_per_event", num(r, "index_bytes_per_event"), "<=", 64));
      checks.add(check("memory_stream_vs_body", num(r, "stream_vs_body"), "<=", 1.1));
    }
    for (Map<String, String> r : select(x -> "startup".equals(x.get("case")))) {
      checks.add(check("startup_ready_ms", num(r, "median_ms"), "<=", 2000));
    }
    if (checks.isEmpty()) {
      return;
    }
    line("");
    line("Targets (issues 5, 13 and 14)");
    for (String[] c : checks) {
      line(String.format(Locale.ROOT, "  %-42s %10s  want %s  %s", c[0], c[1], c[2], c[3]));
      derived.add("BENCH case=target name=" + c[0] + " value=" + c[1] + " want=" + c[2].replace(" ", "")
          + " verdict=" + c[3]);
    }
  }

  private static String[] check(String name, double value, String op, double bound) {
    boolean met = op.equals(">=") ? value >= bound : value <= bound;
    return new String[] {name, fmt(value), op + " " + fmt(bound), Double.isNaN(value) ? "UNKNOWN" : met ? "MET" : "MISSED"};
  }

  private Map<String, String> ingestRow(String target, String conns) {
    return first(r -> "ingest".equals(r.get("case")) && target.equals(r.get("target")) && conns.equals(r.get("conns")));
  }

  private Map<String, String> fanoutRow(String target, String subscribers) {
    return fanoutRow(target, "java", subscribers);
  }

  /** A target's fan-out figures: its median over the rounds (a single window when there was one). */
  private Map<String, String> fanoutRow(String target, String client, String subscribers) {
    List<Map<String, String>> windows = select(r -> "fanout".equals(r.get("case")) && target.equals(r.get("target"))
        && client.equals(client(r)) && subscribers.equals(r.get("subscribers")));
    return windows.isEmpty() ? null : windows.size() == 1 ? windows.get(0) : fanoutMedian(windows);
  }

  /** Runs before the Node subscriber existed have no client key: they were the Java one. */
  private static String client(Map<String, String> row) {
    return row.getOrDefault("client", "java");
  }

  private Map<String, String> first(Predicate<Map<String, String>> which) {
    List<Map<String, String>> found = select(which);
    return found.isEmpty() ? null : found.get(0);
  }

  private List<Map<String, String>> select(Predicate<Map<String, String>> which) {
    return rows.stream().filter(which).toList();
  }

  private static double num(Map<String, String> row, String key) {
    try {
      return Double.parseDouble(row.getOrDefault(key, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private void line(String text) {
    out.append(text).append('\n');
  }
}
