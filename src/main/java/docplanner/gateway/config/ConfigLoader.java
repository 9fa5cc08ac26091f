package docplanner.gateway.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the configuration from three layers, later ones winning: the defaults bundled in the jar
 * (a copy of {@code conf/gateway.yaml}), an optional YAML file, and {@code GATEWAY_*} environment
 * variables. Only keys present in the defaults exist, so a typo fails loudly instead of being ignored.
 */
public final class ConfigLoader {

  static final String DEFAULTS_RESOURCE = "/gateway.yaml";
  static final String ENV_PREFIX = "GATEWAY_";

  private ConfigLoader() {
  }

  /** Defaults, then {@code file} (may be null), then the process environment. */
  public static GatewayConfig load(Path file) {
    return load(file, System.getenv(), Map.of());
  }

  /**
   * Defaults, then {@code file} (may be null), then {@code env}, then {@code overrides}
   * (flat dotted keys, used by tests and by the sandbox wiring).
   */
  public static GatewayConfig load(Path file, Map<String, String> env, Map<String, ?> overrides) {
    return load(file, env, overrides, false);
  }

  /**
   * Defaults, then {@code file}, the process environment and {@code overrides}; with
   * {@code strictEnv} (the {@code --strict-env} flag) or {@code config.strict-env}, a
   * {@code GATEWAY_*} variable that matches no key is an error instead of a warning.
   */
  public static GatewayConfig load(Path file, Map<String, ?> overrides, boolean strictEnv) {
    return load(file, System.getenv(), overrides, strictEnv);
  }

  static GatewayConfig load(Path file, Map<String, String> env, Map<String, ?> overrides, boolean strictEnv) {
    ConfigValues values = values(file, env, overrides);
    boolean strictByKey = ConfigSettings.from(values).strictEnv();
    if (strictEnv || strictByKey) {
      List<String> unknown = UnknownEnv.find(env);
      if (!unknown.isEmpty()) {
        throw new ConfigException(String.join("; ", unknown) + ", an error with "
            + (strictEnv ? "--strict-env" : "config.strict-env (" + envName("config.strict-env") + ")"));
      }
    }
    return GatewayConfig.from(values);
  }

  static ConfigValues values(Path file, Map<String, String> env, Map<String, ?> overrides) {
    Map<String, Object> flat = flatten(readDefaults());
    if (file != null) {
      mergeKnown(flat, flatten(readFile(file)), "in " + shown(file));
    }
    for (Map.Entry<String, Object> entry : new LinkedHashMap<>(flat).entrySet()) {
      String value = env.get(envName(entry.getKey()));
      if (value != null) {
        flat.put(entry.getKey(), value);
      }
    }
    mergeKnown(flat, new LinkedHashMap<>(overrides), "in overrides");
    return new ConfigValues(flat);
  }

  /** {@code push.max-body} becomes {@code GATEWAY_PUSH_MAX_BODY}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every key with its default, in file order: what the README's configuration table lists. */
  public static Map<String, Object> defaults() {
    return flatten(readDefaults());
  }

  private static void mergeKnown(Map<String, Object> into, Map<String, ?> from, String where) {
    for (Map.Entry<String, ?> entry : from.entrySet()) {
      if (!into.containsKey(entry.getKey())) {
        throw new ConfigException("unknown configuration key '" + entry.getKey() + "' " + where
            + " (known keys are listed in conf/gateway.yaml)");
      }
      into.put(entry.getKey(), entry.getValue());
    }
  }

  private static Map<String, Object> readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks its default configuration " + DEFAULTS_RESOURCE);
      }
      return parse(in, "the bundled defaults");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + shown(file) + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, shown(file));
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + shown(file) + ": " + e.getMessage());
    }
  }

  /**
   * A file as errors name it: absolute, so the message is the same whichever directory the
   * gateway was started from, and by whichever path ({@code ./gateway} or {@code java -jar}).
   */
  private static String shown(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  private static Map<String, Object> parse(InputStream in, String where) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (RuntimeException e) {
      throw new ConfigException("malformed YAML in " + where + ": " + e.getMessage());
    }
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("the top of " + where + " must be a mapping of sections");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
  }

  /** Nested mappings become dotted keys; lists and scalars are leaves. */
  static Map<String, Object> flatten(Map<String, Object> tree) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flattenInto("", tree, flat);
    return flat;
  }

  private static void flattenInto(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
    for (Map.Entry<?, ?> entry : tree.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) {
        flattenInto(key + ".", nested, flat);
      } else {
        flat.put(key, entry.getValue() == null ? "" : entry.getValue());
      }
    }
  }

  /** For diagnostics: the effective values with secrets masked. */
  public static Map<String, Object> masked(ConfigValues values) {
    Map<String, Object> out = new TreeMap<>();
    values.raw().forEach((k, v) -> out.put(k, isSecret(k) && !String.valueOf(v).isEmpty() ? "***" : v));
    return out;
  }

  static boolean isSecret(String key) {
    return key.endsWith("secret") || key.endsWith("token") || key.endsWith("tokens") || key.endsWith("password");
  }

  static List<String> keys() {
    return List.copyOf(defaults().keySet());
  }
}
