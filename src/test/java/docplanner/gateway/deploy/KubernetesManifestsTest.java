package docplanner.gateway.deploy;

import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.health.HealthEndpoints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest under k8s/ parses into the Kubernetes model with no unknown field, every one is
 * listed by its kustomization, and the ports, probe paths, ingress path, network policy ports and
 * shutdown timing agree with the gateway's configuration as the pod loads it (the base's
 * gateway.yaml through ConfigLoader, with the Deployment's plain environment variables on top).
 */
class KubernetesManifestsTest {

  private static final Path BASE = KubernetesManifests.ROOT.resolve("base");
  private static final Path EXAMPLE = KubernetesManifests.ROOT.resolve("overlays/example");
  private static final String POD_COMPONENT = "app.kubernetes.io/component";
  /**
   * Secrets of the upstream client (issue 3): referenced by the Deployment already, known to the
   * configuration once that branch is merged.
   */
  static Map<String, HasMetadata> base;
  static Deployment deployment;
  static Container gateway;
  static GatewayConfig config;

  @BeforeAll
  static void readBase() {
    base = new LinkedHashMap<>();
    for (Path file : KubernetesManifests.yamlFiles(BASE)) {
      if (KubernetesManifests.isObject(file)) {
        HasMetadata object = KubernetesManifests.read(file);
        base.put(object.getKind() + "/" + object.getMetadata().getName(), object);
      }
    }
    deployment = (Deployment) base.get("Deployment/docplanner-gateway");
    gateway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : gateway.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    config = ConfigLoader.load(BASE.resolve("gateway.yaml"), env, Map.of());
  }

  @Test
  void everyManifestParsesAsATypedObjectWithNoUnknownField() {
    List<Path> files = KubernetesManifests.yamlFiles(KubernetesManifests.ROOT);
    assertThat(files).hasSizeGreaterThan(12);
    for (Path file : files) {
      if (!KubernetesManifests.isObject(file)) {
        continue;
      }
      HasMetadata object = KubernetesManifests.read(file);
      assertThat(object.getApiVersion()).as(file.toString()).isNotBlank();
      assertThat(object.getMetadata().getName()).as(file.toString()).isNotBlank();
      assertThat(KubernetesManifests.unknownFields(object)).as("fields the model does not know in " + file).isEmpty();
    }
    assertThat(base.keySet()).contains("Deployment/docplanner-gateway", "Service/docplanner-gateway-push",
        "Service/docplanner-gateway-feed", "Ingress/docplanner-gateway", "HorizontalPodAutoscaler/docplanner-gateway",
        "PodDisruptionBudget/docplanner-gateway", "NetworkPolicy/docplanner-gateway",
        "StatefulSet/docplanner-gateway-redis", "Service/docplanner-gateway-redis");
  }

  @Test
  void eachKustomizationListsEveryManifestBesideIt() {
    for (Path dir : List.of(BASE, EXAMPLE)) {
      Map<String, Object> kustomization = KubernetesManifests.plainYaml(dir.resolve("kustomization.yaml"));
      Set<String> listed = new TreeSet<>();
      listed.addAll(strings(kustomization.get("resources")));
      for (Object patch : list(kustomization.get("patches"))) {
        listed.add(String.valueOf(((Map<?, ?>) patch).get("path")));
      }
      for (Object generator : list(kustomization.get("configMapGenerator"))) {
        listed.addAll(strings(((Map<?, ?>) generator).get("files")));
      }
      Set<String> present = new TreeSet<>();
      for (Path file : KubernetesManifests.yamlFiles(dir)) {
        if (file.getParent().equals(dir) && !file.getFileName().toString().equals("kustomization.yaml")) {
          present.add(file.getFileName().toString());
        }
      }
      assertThat(listed).as(dir + "/kustomization.yaml").containsAll(present);
      for (String entry : listed) {
        assertThat(dir.resolve(entry)).as("listed in " + dir + "/kustomization.yaml").exists();
      }
    }
  }

  @Test
  void containerPortsAreTheConfiguredPushAndFeedPorts() {
    assertThat(containerPort("push")).isEqualTo(config.push().port());
    assertThat(containerPort("feed")).isEqualTo(config.feed().port());
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void probesAskTheHealthEndpointsOnAServedPort() {
    assertProbe(gateway.getReadinessProbe(), HealthEndpoints.READY);
    assertProbe(gateway.getLivenessProbe(), HealthEndpoints.LIVE);
    assertProbe(gateway.getStartupProbe(), HealthEndpoints.LIVE);
  }

  private void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(resolve(probe.getHttpGet().getPort())).isIn(config.push().port(), config.feed().port());
    assertThat(probe.getTimeoutSeconds()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theGracePeriodCoversThePreStopSleepAndTheGatewaysOwnShutdown() {
    List<String> preStop = gateway.getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
    long sleepSeconds = Long.parseLong(preStop.get(1));
    assertThat(sleepSeconds).as("time for endpoints to drop the pod").isGreaterThanOrEqualTo(5);
    long shutdownSeconds = (config.shutdown().gracePeriod().toMillis() + 999) / 1000;
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(sleepSeconds + shutdownSeconds);
  }

  @Test
  void theConfigMapIsMountedAndGivenWithConf() {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Volume config = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
    Map<String, Object> kustomization = KubernetesManifests.plainYaml(BASE.resolve("kustomization.yaml"));
    Map<?, ?> generator = (Map<?, ?>) list(kustomization.get("configMapGenerator")).get(0);
    assertThat(config.getConfigMap().getName()).isEqualTo(generator.get("name"));
    assertThat(strings(generator.get("files"))).containsExactly("gateway.yaml");
    VolumeMount mount = gateway.getVolumeMounts().stream().filter(m -> m.getName().equals(config.getName()))
        .findFirst().orElseThrow();
    assertThat(gateway.getArgs()).containsExactly("--conf", mount.getMountPath() + "/gateway.yaml");
  }

  @Test
  void podsRunRestrictedWithAWritableTmpOnly() {
    for (PodSpec pod : List.of(deployment.getSpec().getTemplate().getSpec(),
        ((StatefulSet) base.get("StatefulSet/docplanner-gateway-redis")).getSpec().getTemplate().getSpec())) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
      }
    }
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    VolumeMount tmp = gateway.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
    assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals(tmp.getName()) && v.getEmptyDir() != null);
  }

  @Test
  void secretsArriveAsGatewayVariablesOfKnownKeysFromTheSecret() {
    Set<String> known = new TreeSet<>();
    ConfigLoader.defaults().keySet().forEach(k -> known.add(ConfigLoader.envName(k)));
    List<String> fromSecret = new ArrayList<>();
    for (EnvVar var : gateway.getEnv()) {
      assertThat(var.getName()).startsWith("GATEWAY_");
      assertThat(known.contains(var.getName()))
          .as(var.getName() + " is a configuration key").isTrue();
      if (var.getValueFrom() != null) {
        assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo("docplanner-gateway-secrets");
        fromSecret.add(var.getName());
      }
    }
    assertThat(fromSecret).contains("GATEWAY_PUSH_TOKEN", "GATEWAY_FEED_TOKENS", "GATEWAY_ADMIN_TOKEN", "GATEWAY_REDIS_PASSWORD",
        "GATEWAY_UPSTREAM_CLIENT_SECRET");
    assertThat(config.redis().embedded().name()).isEqualTo("NEVER");
  }

  @Test
  void servicesSelectTheGatewayPodsAndTargetItsPorts() {
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
    Service push = (Service) base.get("Service/docplanner-gateway-push");
    Service feed = (Service) base.get("Service/docplanner-gateway-feed");
    for (Service service : List.of(push, feed)) {
      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
      assertThat(service.getSpec().getPorts()).hasSize(1);
    }
    assertThat(resolve(push.getSpec().getPorts().get(0).getTargetPort())).isEqualTo(config.push().port());
    assertThat(resolve(feed.getSpec().getPorts().get(0).getTargetPort())).isEqualTo(config.feed().port());
  }

  @Test
  void theIngressPublishesThePushPathOnlyUnbuffered() {
    for (Ingress ingress : List.of((Ingress) base.get("Ingress/docplanner-gateway"),
        (Ingress) KubernetesManifests.read(EXAMPLE.resolve("ingress-host.yaml")))) {
      List<HTTPIngressPath> paths = new ArrayList<>();
      ingress.getSpec().getRules().forEach(rule -> paths.addAll(rule.getHttp().getPaths()));
      assertThat(paths).hasSize(1);
      HTTPIngressPath path = paths.get(0);
      assertThat(path.getPath()).isEqualTo(config.push().path());
      assertThat(path.getPathType()).isEqualTo("Prefix"); // {path}/{token} when push.token is set
      Service push = (Service) base.get("Service/" + path.getBackend().getService().getName());
      ServicePort port = push.getSpec().getPorts().stream()
          .filter(p -> p.getName().equals(path.getBackend().getService().getPort().getName())).findFirst().orElseThrow();
      assertThat(resolve(port.getTargetPort())).isEqualTo(config.push().port());
    }
    Map<String, String> annotations = base.get("Ingress/docplanner-gateway").getMetadata().getAnnotations();
    assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
        .containsKey("nginx.ingress.kubernetes.io/proxy-read-timeout");
  }

  @Test
  void theNetworkPolicyOpensThePushPortToTheIngressAndTheFeedPortToLabelledNamespacesOnly() {
    NetworkPolicy policy = (NetworkPolicy) base.get("NetworkPolicy/docplanner-gateway");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    Map<Integer, List<NetworkPolicyPeer>> peersByPort = new HashMap<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertThat(rule.getFrom()).as("every rule names who may connect").isNotEmpty();
      rule.getPorts().forEach(p -> peersByPort.computeIfAbsent(resolve(p.getPort()), k -> new ArrayList<>())
          .addAll(rule.getFrom()));
    }
    assertThat(peersByPort.keySet()).containsExactlyInAnyOrder(config.push().port(), config.feed().port());
    assertThat(peersByPort.get(config.feed().port())).allSatisfy(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("docplanner-gateway/feed-access", "true");
      assertThat(peer.getIpBlock()).isNull();
    });
    assertThat(peersByPort.get(config.push().port())).allSatisfy(peer ->
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name"));
  }

  @Test
  void scalingKeepsThreeReplicasAndDisruptsOneAtATime() {
    HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) base.get("HorizontalPodAutoscaler/docplanner-gateway");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(deployment.getSpec().getReplicas());
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    PodDisruptionBudget pdb = (PodDisruptionBudget) base.get("PodDisruptionBudget/docplanner-gateway");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void theBundledRedisPersistsWithAnAppendOnlyFileAndIsWhereRedisUrlPoints() {
    StatefulSet redis = (StatefulSet) base.get("StatefulSet/docplanner-gateway-redis");
    Service headless = (Service) base.get("Service/" + redis.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(redis.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(headless.getSpec().getSelector());
    assertThat(redis.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(POD_COMPONENT, "redis");

    Container server = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> options = options(server.getArgs());
    assertThat(options).containsEntry("appendonly", "yes").containsEntry("appendfsync", "everysec")
        .containsEntry("maxmemory-policy", "noeviction");
    VolumeMount data = server.getVolumeMounts().get(0);
    assertThat(options).containsEntry("dir", data.getMountPath());
    assertThat(redis.getSpec().getVolumeClaimTemplates()).anyMatch(claim -> claim.getMetadata().getName().equals(data.getName()));

    URI url = URI.create(config.redis().url());
    assertThat(url.getHost()).isEqualTo(headless.getMetadata().getName());
    int servicePort = headless.getSpec().getPorts().get(0).getPort();
    assertThat(url.getPort()).isEqualTo(servicePort);
    assertThat(server.getPorts().get(0).getContainerPort()).isEqualTo(servicePort);

    NetworkPolicy policy = (NetworkPolicy) base.get("NetworkPolicy/docplanner-gateway-redis");
    assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry(POD_COMPONENT, "gateway");
    assertThat(resolve(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort())).isEqualTo(servicePort);
  }

  /** {@code --key value} pairs of a redis-server command line. */
  private static Map<String, String> options(List<String> args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      assertThat(args.get(i)).startsWith("--");
      out.put(args.get(i).substring(2), args.get(i + 1));
    }
    return out;
  }

  private static int containerPort(String name) {
    return gateway.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  /** A port given by number or by the gateway container's port name. */
  private static int resolve(IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal() : containerPort(port.getStrVal());
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
