package io.stampede.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.stampede.engine.WorkerNode;
import io.stampede.limits.FileLimit;

/**
 * deploy/: the plain manifests and the Helm chart (rendered by {@link HelmTemplates}, helm not
 * needed) read as Kubernetes objects with strict field checking (fabric8's model: a misspelt
 * field lands in an object's additional properties, and any there fails), and what must agree
 * across the Dockerfile, the manifests and the chart: the image, the ports, the file limit and the
 * capacity it bounds, memory for that capacity, and Hazelcast's DNS discovery naming the headless
 * Service that selects every member.
 */
class DeploymentManifestsTest {
    private static final Path DEPLOY = locate("deploy");
    /** The hard file limit of this project's machines (ulimit -Hn): a worker's capacity must hold under it. */
    private static final long HARD_FILE_LIMIT = 20_000;
    /** Memory a worker needs besides its users (JVM, code, buffers) and per user with headroom (PERFORMANCE.md: ~3 KiB). */
    private static final long WORKER_BASE_BYTES = 256L << 20;
    private static final long BYTES_PER_USER = 16L << 10;

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Secret", Secret.class, "Service", Service.class,
            "Deployment", Deployment.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class);

    @Test
    void thePlainManifestsAreKubernetesObjectsWithNoUnknownField() throws IOException {
        List<HasMetadata> objects = manifests();
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "Secret/stampede-token", "Service/stampede-cluster", "Service/stampede", "Deployment/stampede-coordinator",
                "Deployment/stampede-worker", "HorizontalPodAutoscaler/stampede-worker");
    }

    @Test
    void aMisspeltFieldIsCaught() {
        String typo = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w }\nspec:\n  replica: 3\n"
                + "  template: { spec: { containers: [{ name: w, image: i, imagePullPolicy: Always, port: 1 }] } }\n";
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> parse(typo, "typo.yaml")))
                .hasMessageContaining("Deployment/w.Spec: [replica]")
                .hasMessageContaining("Deployment/w.Spec.Template.Spec.Containers[0]: [port]");
    }

    @Test
    void theChartRendersToKubernetesObjectsWithNoUnknownFieldWithDefaultsAndWithEveryOption() throws IOException {
        assertThat(chart(Map.of())).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "Secret/load-token", "Service/load-cluster", "Service/load", "Deployment/load-coordinator", "Deployment/load-worker");
        List<HasMetadata> all = chart(Map.of("coordinator.persistence.enabled", true, "workers.autoscaling.enabled", true,
                "existingSecret", "mine", "coordinator.otlp.forward", "http://collector:4318"));
        assertThat(all).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "PersistentVolumeClaim/load-data", "Service/load-cluster", "Service/load", "Deployment/load-coordinator",
                "Deployment/load-worker", "HorizontalPodAutoscaler/load-worker");
        assertThat(args(container(find(all, Deployment.class, "load-coordinator"))))
                .containsSequence("--otlp-forward", "http://collector:4318");
    }

    @Test
    void theImageIsTheSameEverywhereAndIsThisVersion() throws IOException {
        String version = WorkerNode.VERSION;
        assertThat(pomVersion()).isEqualTo(version + "-SNAPSHOT");
        for (List<HasMetadata> objects : List.of(manifests(), chart(Map.of()))) {
            for (Deployment d : all(objects, Deployment.class)) {
                assertThat(container(d).getImage()).as(d.getMetadata().getName()).isEqualTo("stampede:" + version);
            }
        }
        Map<String, Object> chartYaml = yaml(DEPLOY.resolve("helm/stampede/Chart.yaml"));
        assertThat(chartYaml.get("appVersion")).isEqualTo(version);
        assertThat(chartYaml.get("version")).isEqualTo(version);
        assertThat(dockerfile()).contains("docker build -f deploy/Dockerfile -t stampede");
    }

    @Test
    void portsAgreeBetweenTheImageTheContainersAndTheServices() throws IOException {
        Set<Integer> exposed = Stream.of(match(dockerfile(), "(?m)^EXPOSE (.+)$").split("\\s+")).map(Integer::valueOf)
                .collect(Collectors.toSet());
        for (List<HasMetadata> objects : List.of(manifests(), chart(Map.of()))) {
            Deployment coordinator = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith("-coordinator"))
                    .findFirst().orElseThrow();
            Map<String, Integer> ports = container(coordinator).getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("http", 8080, "otlp", 4318, "hazelcast", 5701));
            assertThat(exposed).containsExactlyInAnyOrderElementsOf(ports.values());
            assertThat(args(container(coordinator))).containsSequence("--port", "8080").containsSequence("--otlp-port", "4318");
            Service api = all(objects, Service.class).stream().filter(s -> s.getSpec().getClusterIP() == null).findFirst().orElseThrow();
            assertThat(api.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", 8080),
                            org.assertj.core.groups.Tuple.tuple("otlp", 4318));
            assertThat(api.getSpec().getSelector()).isEqualTo(coordinator.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .stream().filter(e -> api.getSpec().getSelector().containsKey(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
    }

    @Test
    void hazelcastDiscoveryNamesTheHeadlessServiceThatSelectsEveryMemberOnItsPort() throws IOException {
        List<HasMetadata> plain = manifests();
        for (List<HasMetadata> objects : List.of(plain, chart(Map.of()))) {
            Service headless = all(objects, Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
                    .findFirst().orElseThrow();
            assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("members find each other before they are ready").isTrue();
            assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(5701);
            for (Deployment d : all(objects, Deployment.class)) {
                Container c = container(d);
                String namespace = objects == plain ? "$(POD_NAMESPACE)" : "loadtest";
                assertThat(args(c)).as(d.getMetadata().getName()).containsSequence("--kubernetes-service",
                        headless.getMetadata().getName() + "." + namespace + ".svc.cluster.local");
                assertThat(args(c)).containsSequence("--cluster-host", "$(POD_IP)");
                assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("POD_IP")
                        && e.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP"));
                if (namespace.startsWith("$")) {
                    assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("POD_NAMESPACE")
                            && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.namespace"));
                }
                assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == 5701);
                Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                assertThat(labels).as(d.getMetadata().getName() + " is selected by the headless Service")
                        .containsAllEntriesOf(headless.getSpec().getSelector());
                assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("STAMPEDE_CLUSTER_SECRET"));
            }
        }
    }

    @Test
    void workersOfferNoMoreThanTheFileLimitAllowsAndHaveTheMemoryForIt() throws IOException {
        assertThat(dockerfile()).as("the image raises its soft file limit to the hard one")
                .contains("ulimit -n \\\"$(ulimit -Hn)\\\"");
        assertThat(Files.readString(DEPLOY.resolveSibling("stampede"))).as("so does the launcher").contains("ulimit -n \"$(ulimit -Hn)\"");
        Map<String, Object> values = yaml(DEPLOY.resolve("helm/stampede/values.yaml"));
        int chartCapacity = (Integer) ((Map<?, ?>) values.get("workers")).get("capacity");
        for (List<HasMetadata> objects : List.of(manifests(), chart(Map.of()))) {
            Deployment worker = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith("-worker"))
                    .findFirst().orElseThrow();
            List<String> args = args(container(worker));
            int capacity = Integer.parseInt(args.get(args.indexOf("--capacity") + 1));
            assertThat(capacity).isEqualTo(chartCapacity).isLessThanOrEqualTo(FileLimit.usersAllowed(HARD_FILE_LIMIT));
            Quantity limit = container(worker).getResources().getLimits().get("memory");
            assertThat(Quantity.getAmountInBytes(limit).longValue()).as("memory limit of " + worker.getMetadata().getName())
                    .isGreaterThanOrEqualTo(WORKER_BASE_BYTES + capacity * BYTES_PER_USER);
        }
    }

    @Test
    void theAutoscalerScalesTheWorkersOnPlannedUsersOneWorkerPerCapacity() throws IOException {
        Map<String, Object> values = yaml(DEPLOY.resolve("helm/stampede/values.yaml"));
        String capacity = String.valueOf(((Map<?, ?>) values.get("workers")).get("capacity"));
        List<List<HasMetadata>> both = List.of(manifests(), chart(Map.of("workers.autoscaling.enabled", true)));
        for (List<HasMetadata> objects : both) {
            HorizontalPodAutoscaler hpa = all(objects, HorizontalPodAutoscaler.class).get(0);
            Deployment worker = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith("-worker"))
                    .findFirst().orElseThrow();
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(worker.getMetadata().getName());
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            var metric = hpa.getSpec().getMetrics().get(0).getExternal();
            assertThat(metric.getMetric().getName()).isEqualTo("stampede_users_planned");
            assertThat(metric.getTarget().getType()).isEqualTo("AverageValue");
            assertThat(metric.getTarget().getAverageValue().toString()).isEqualTo(capacity);
            List<String> args = args(container(worker));
            assertThat(args.get(args.indexOf("--capacity") + 1)).isEqualTo(capacity);
        }
    }

    // ---- reading

    private static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                objects.addAll(parse(Files.readString(f), f.toString()));
            }
        }
        return objects;
    }

    /** The chart rendered as {@code helm template load deploy/helm/stampede -n loadtest} would, with {@code set} values. */
    private static List<HasMetadata> chart(Map<String, Object> set) throws IOException {
        Path chart = DEPLOY.resolve("helm/stampede");
        Map<String, Object> values = yaml(chart.resolve("values.yaml"));
        values.put("token", "t0ken");
        values.put("clusterSecret", "a-cluster-secret-of-32-characters");
        set.forEach((path, value) -> put(values, path, value));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Values", values);
        root.put("Release", Map.of("Name", "load", "Namespace", "loadtest"));
        Map<String, Object> chartYaml = yaml(chart.resolve("Chart.yaml"));
        root.put("Chart", Map.of("Name", chartYaml.get("name"), "Version", chartYaml.get("version"), "AppVersion",
                chartYaml.get("appVersion")));
        HelmTemplates templates = new HelmTemplates(root);
        templates.define(Files.readString(chart.resolve("templates/_helpers.tpl")));
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                objects.addAll(parse(templates.render(Files.readString(f)), f.toString()));
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> values, String dotted, Object value) {
        String[] keys = dotted.split("\\.");
        Map<String, Object> at = values;
        for (int i = 0; i < keys.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
        }
        at.put(keys[keys.length - 1], value);
    }

    /** Every document of {@code text} as the Kubernetes object its kind says, strictly. */
    @SuppressWarnings("unchecked")
    private static List<HasMetadata> parse(String text, String where) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc == null) {
                continue;
            }
            Map<String, Object> map = (Map<String, Object>) doc;
            Class<? extends HasMetadata> type = KINDS.get((String) map.get("kind"));
            assertThat(type).as(where + ": kind " + map.get("kind")).isNotNull();
            HasMetadata object = STRICT.convertValue(map, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
            assertThat(unknown).as(where + ": fields Kubernetes does not know").isEmpty();
            objects.add(object);
        }
        return objects;
    }

    /** Walks the model: fabric8 keeps fields it does not know in additionalProperties instead of failing. */
    private static void unknownFields(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(value, path + "." + m.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<String> args(Container c) {
        return c.getArgs();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    private static String dockerfile() throws IOException {
        return Files.readString(DEPLOY.resolve("Dockerfile"));
    }

    private static String pomVersion() throws IOException {
        return match(Files.readString(DEPLOY.resolveSibling("pom.xml")), "<artifactId>stampede-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1).trim();
    }

    private static Path locate(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(name))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + name + "/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve(name);
    }
}
