package docplanner.gateway.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests under k8s/ read into fabric8's typed Kubernetes model. A field the model does not
 * know (a typo, a wrong indentation) lands in an {@code additionalProperties} map, which
 * {@link #unknownFields} reports, so such a mistake fails the test instead of being ignored.
 */
final class KubernetesManifests {

  static final Path ROOT = Path.of("k8s");
  /** Files under k8s/ that are not Kubernetes objects: kustomize's own files and the gateway's settings. */
  static final Set<String> NOT_OBJECTS = Set.of("kustomization.yaml", "gateway.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubernetesManifests() {
  }

  /** Every .yaml/.yml file under {@code dir}, recursively, sorted. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isObject(Path file) {
    return !NOT_OBJECTS.contains(file.getFileName().toString());
  }

  /** The Kubernetes object in {@code file} (one per file), as the model class its apiVersion and kind name. */
  static HasMetadata read(Path file) {
    try {
      KubernetesResource resource = YAML.readValue(file.toFile(), KubernetesResource.class);
      if (!(resource instanceof HasMetadata object)) {
        throw new AssertionError(file + " is not a Kubernetes object with metadata: " + resource);
      }
      return object;
    } catch (IOException e) {
      throw new AssertionError(file + " does not parse as a Kubernetes object: " + e.getMessage(), e);
    }
  }

  /** A kustomization.yaml (or any plain YAML document) as maps and lists. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plainYaml(Path file) {
    try {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Paths like {@code spec.template.spec.containers.resoures} of fields the model did not recognise. */
  static List<String> unknownFields(Object model) {
    List<String> out = new ArrayList<>();
    walk(model, "", out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(Object node, String path, List<String> out, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      for (Object item : items) {
        walk(item, path, out, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), path + "." + entry.getKey(), out, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (field.equals("additionalProperties") && value instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> out.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
      } else if (value instanceof Map<?, ?> map) {
        // labels, annotations, data: plain strings, nothing to check inside
        for (Object v : map.values()) {
          walk(v, path + "." + field, out, seen);
        }
      } else {
        walk(value, path + "." + field, out, seen);
      }
    }
  }
}
