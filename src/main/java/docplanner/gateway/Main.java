package docplanner.gateway;

import docplanner.gateway.config.ConfigException;
import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.config.UnknownEnv;
import docplanner.gateway.ops.LogSetup;
import docplanner.gateway.sandbox.SandboxLauncher;
import docplanner.gateway.tail.Tail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar docplanner-gateway.jar [sandbox] [--sandbox] [--conf FILE] [--strict-env]}: loads the
 * configuration (the bundled defaults, then {@code conf/gateway.yaml} or FILE, then
 * {@code GATEWAY_*} variables), starts the gateway (or, with {@code sandbox}, only the simulated
 * Docplanner; with {@code --sandbox}, both, wired together) and runs until SIGTERM or SIGINT,
 * which stop it gracefully and exit 0. Exits 2, with one line that names the fix, on a bad argument,
 * a configuration error or a port already in use, and 1 when it cannot start for another reason.
 * {@code tail ...} is a feed client instead ({@link Tail}).
 */
public final class Main {

  static final Path DEFAULT_CONF = Path.of("conf", "gateway.yaml");

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("tail")) {
      // A feed client, not a server: no configuration, no Vert.x, no Redis.
      System.exit(Tail.run(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    Arguments arguments;
    GatewayConfig config;
    try {
      arguments = Arguments.parse(args);
      if (arguments.help) {
        System.out.println(Arguments.USAGE);
        return;
      }
      if (arguments.version) {
        System.out.println("docplanner-gateway " + version());
        return;
      }
      config = ConfigLoader.load(arguments.conf,
          arguments.mode == Arguments.Mode.GATEWAY_WITH_SANDBOX ? SandboxLauncher.UPSTREAM_STAND_INS : Map.of(),
          arguments.strictEnv);
    } catch (ConfigException | IllegalArgumentException e) {
      // One line that names the fix; the usage would bury it (--help prints it).
      System.err.println("docplanner-gateway: " + e.getMessage()
          + (e instanceof IllegalArgumentException ? " (see --help)" : ""));
      System.exit(2);
      return;
    }
    LogSetup.apply(config.log());
    Logger log = LoggerFactory.getLogger(Main.class);
    UnknownEnv.find(System.getenv()).forEach(warning -> log.warn("{}; it is ignored", warning));
    AutoCloseable running;
    try {
      running = switch (arguments.mode) {
        case GATEWAY -> Gateway.start(config);
        case SANDBOX -> SandboxLauncher.standalone(config);
        case GATEWAY_WITH_SANDBOX -> SandboxLauncher.withGateway(config);
      };
    } catch (ConfigException e) {
      log.error("cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runnable shutdown = () -> {
      log.info("stopping: no new pushes, finishing those in flight, closing feeds with a retry hint");
      try {
        running.close();
      } catch (Exception e) {
        log.warn("did not stop cleanly: {}", e.getMessage());
      }
      log.info("stopped");
      System.exit(0);
    };
    // Our own handlers, so that a SIGTERM is a clean exit 0 (the JVM default exits 143).
    Signal.handle(new Signal("TERM"), s -> new Thread(shutdown, "shutdown").start());
    Signal.handle(new Signal("INT"), s -> new Thread(shutdown, "shutdown").start());
  }

  /** The version of the running jar (its manifest), or "unknown" when run from classes. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "unknown (not run from the jar)" : version;
  }

  /** The command line. */
  static final class Arguments {
    static final String USAGE = String.join("\n",
        "usage: java -jar docplanner-gateway.jar [--sandbox] [--conf FILE] [--strict-env]",
        "       java -jar docplanner-gateway.jar sandbox [--conf FILE] [--strict-env]",
        "       java -jar docplanner-gateway.jar tail [--url URL] [--since ID] [--group G] ... (tail --help)",
        "       java -jar docplanner-gateway.jar --version | --help",
        "  --conf FILE   YAML with the keys to change (default: conf/gateway.yaml when present)",
        "  --sandbox     also run the simulated Docplanner (sandbox.* keys), pushing live events to this gateway",
        "  sandbox       run only the simulated Docplanner, on sandbox.port",
        "  --strict-env  refuse to start when a GATEWAY_* variable matches no key (default: a warning)",
        "  --version     print the version and exit",
        "  every key can also be set with GATEWAY_<KEY> (e.g. GATEWAY_REDIS_URL, GATEWAY_PUSH_PORT)");

    /** What runs. */
    enum Mode { GATEWAY, SANDBOX, GATEWAY_WITH_SANDBOX }

    Path conf;
    boolean help;
    boolean version;
    boolean strictEnv;
    Mode mode = Mode.GATEWAY;

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      // A repeated option is refused: with two --conf files, which one wins is a guess.
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < args.length; i++) {
        String option = args[i].startsWith("--conf=") ? "--conf" : canonical(args[i]);
        if (!seen.add(option)) {
          throw new IllegalArgumentException(option + " is given twice");
        }
        switch (option) {
          case "--conf" -> {
            if (args[i].startsWith("--conf=")) {
              a.conf = Path.of(args[i].substring("--conf=".length()));
            } else if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--conf needs a file");
            } else {
              a.conf = Path.of(args[++i]);
            }
          }
          case "--help" -> a.help = true;
          case "--version" -> a.version = true;
          case "--strict-env" -> a.strictEnv = true;
          case "--sandbox" -> a.mode = Mode.GATEWAY_WITH_SANDBOX;
          case "tail" -> throw new IllegalArgumentException("'tail' is a command: put it first");
          case "sandbox" -> {
            if (i != 0) {
              throw new IllegalArgumentException("'sandbox' is a command: put it first");
            }
            a.mode = Mode.SANDBOX;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (args.length > 0 && args[0].equals("sandbox") && seen.contains("--sandbox")) {
        throw new IllegalArgumentException("use either the sandbox command or --sandbox, not both");
      }
      if (a.conf == null && Files.isRegularFile(DEFAULT_CONF)) {
        a.conf = DEFAULT_CONF;
      }
      return a;
    }

    /** Short forms as their long ones, so {@code -c a --conf b} counts as a repeat. */
    private static String canonical(String arg) {
      return switch (arg) {
        case "-c" -> "--conf";
        case "-h" -> "--help";
        case "-V" -> "--version";
        default -> arg;
      };
    }
  }
}
