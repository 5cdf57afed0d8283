package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.run.RunSpec;
import dev.kpcload.testing.ExternalPeers;
import dev.kpcload.testing.ExternalPrograms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests of {@code deploy/k8s/}, without a cluster: each layout renders with {@code kubectl kustomize}, its
 * objects validate against the Kubernetes API schemas of a pinned {@code kubernetes-models} (installed by
 * {@code .ci/run}), the Job is an Indexed Job of as many shards as the run says, and each shard's container
 * arguments and environment make a {@code loadgen run} command line that the real CLI accepts, as that shard.
 */
class DeployManifestsTest {

    private static final Path K8S = Path.of("../deploy/k8s").toAbsolutePath().normalize();
    /** As {@code .ci/run} installs it, from {@code deploy/k8s/validate/package.json}. */
    static final String VALIDATOR_VERSION = "5.1.0";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path dir;
    private static List<JsonNode> overlay;

    @BeforeAll
    static void renderTheOverlay() throws Exception {
        overlay = objects(kustomize(K8S.resolve("overlays/example-8")));
    }

    /** {@code kubectl kustomize DIR}; fails the test with kubectl's message when it does not render. */
    static String kustomize(Path target) throws Exception {
        Path kubectl = ExternalPrograms.require("kubectl");
        Path out = Files.createTempFile(dir, "rendered", ".yaml");
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", target.toString())
            .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), target + " does not render: " + err);
        return Files.readString(out);
    }

    static List<JsonNode> objects(String yaml) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    all.add(doc);
                }
            }
        }
        return all;
    }

    /** The validator's folder: its script beside the pinned packages .ci/run installed. */
    @org.junit.jupiter.api.AfterAll
    static void removeTheLink() throws Exception {
        Files.deleteIfExists(dir.resolve("validate/node_modules"));
    }

    private static Path validator() throws Exception {
        Path node = ExternalPrograms.require("node");
        String env = System.getenv("LOADGEN_K8S_VALIDATE_PREFIX");
        Path prefix = env != null ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache/kpc-loadgen/k8s-validate-" + VALIDATOR_VERSION);
        Path installed = prefix.resolve("node_modules/kubernetes-models/package.json");
        if (!Files.isRegularFile(installed)
            || !Files.readString(installed).contains("\"version\": \"" + VALIDATOR_VERSION + "\"")) {
            ExternalPeers.unavailable("kubernetes-models " + VALIDATOR_VERSION + " is not installed in " + prefix
                + " (npm install --prefix " + prefix + " of deploy/k8s/validate/package.json; .ci/run does)");
        }
        // ES modules resolve packages beside the importing file: the script next to a link to the packages
        Path here = dir.resolve("validate");
        if (!Files.exists(here)) {
            Files.createDirectories(here);
            Files.copy(K8S.resolve("validate/validate.mjs"), here.resolve("validate.mjs"));
            Files.createSymbolicLink(here.resolve("node_modules"), prefix.resolve("node_modules"));
        }
        assertNotNull(node);
        return here;
    }

    /** Runs the validator on rendered YAML: its exit code and output. */
    private static CliHarness validate(String yaml) throws Exception {
        Path here = validator();
        Path file = Files.createTempFile(dir, "objects", ".yaml");
        Files.writeString(file, yaml);
        Process p = new ProcessBuilder(ExternalPrograms.require("node").toString(), "validate.mjs", file.toString())
            .directory(here.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new CliHarness(p.exitValue(), out, "");
    }

    /** The base with one component, as an overlay in a temporary folder would use it. */
    private static Path withComponent(String component) throws Exception {
        Path layout = Files.createDirectories(dir.resolve("with-" + component));
        String rel = layout.relativize(K8S).toString();
        Files.writeString(layout.resolve("kustomization.yaml"), "resources: [" + rel + "/base]\ncomponents: [" + rel
            + "/components/" + component + "]\n");
        return layout;
    }

    private static JsonNode the(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    @Test
    void everyLayoutRendersAndValidatesAgainstTheApiSchemas() throws Exception {
        Map<String, String> layouts = new LinkedHashMap<>();
        layouts.put("base", kustomize(K8S.resolve("base")));
        layouts.put("overlays/example-8", kustomize(K8S.resolve("overlays/example-8")));
        for (String component : List.of("podmonitor", "anti-affinity", "results-pvc")) {
            layouts.put("base + " + component, kustomize(withComponent(component)));
        }
        for (Map.Entry<String, String> layout : layouts.entrySet()) {
            CliHarness result = validate(layout.getValue());
            assertEquals(0, result.exitCode(), layout.getKey() + ": " + result.out());
            assertTrue(result.out().startsWith("valid: "), result.out());
        }
        // the base renders without the Prometheus Operator's CRD: no custom resource in it
        assertEquals(List.of("ConfigMap", "ConfigMap", "Secret", "Service", "Job"), objects(layouts.get("base"))
            .stream().map(o -> o.path("kind").asText()).toList());
        assertTrue(layouts.get("base + results-pvc").contains("claimName: kpc-loadgen-results"));
        assertTrue(layouts.get("base + anti-affinity").contains("topologyKey: kubernetes.io/hostname"));
    }

    @Test
    void theValidatorFindsAMistake() throws Exception {
        String rendered = kustomize(K8S.resolve("overlays/example-8"));
        CliHarness result = validate(rendered.replace("completions: 8", "completions: eight")
            .replace("restartPolicy: Never", "restartPolicy: Sometimes"));
        assertEquals(1, result.exitCode(), result.out());
        String job = "Job/kpc-loadgen-" + runConfig().get("RUN_ID");
        assertTrue(result.out().contains(job + ": /spec/completions must be integer"), result.out());
        assertTrue(result.out().contains(job + ": /spec/template/spec/restartPolicy must be equal to one of"
            + " the allowed values"), result.out());
        CliHarness unknownKind = validate("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        assertEquals(2, unknownKind.exitCode(), unknownKind.out());
    }

    @Test
    void theOverlaysJobIsAnIndexedJobOfEveryShardOnStableNamesAndScrapable() {
        JsonNode job = the(overlay, "Job");
        JsonNode spec = job.path("spec");
        Map<String, String> run = runConfig();
        assertEquals("Indexed", spec.path("completionMode").asText());
        assertEquals(8, spec.path("completions").asInt());
        assertEquals(run.get("SHARDS"), spec.path("completions").asText(), "completions = SHARDS of run.env");
        assertEquals(run.get("SHARDS"), spec.path("parallelism").asText(), "parallelism = SHARDS: all at once");
        assertEquals(0, spec.path("backoffLimit").asInt());
        JsonNode pod = spec.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        JsonNode service = the(overlay, "Service");
        assertEquals("None", service.at("/spec/clusterIP").asText(), "headless");
        assertEquals(service.at("/metadata/name").asText(), pod.path("subdomain").asText());
        JsonNode annotations = spec.at("/template/metadata/annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        JsonNode container = pod.path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        String port = args.get(args.indexOf("--metrics-port") + 1);
        assertEquals(port, annotations.path("prometheus.io/port").asText());
        assertEquals(port, container.at("/ports/0/containerPort").asText());
        assertEquals("0.0.0.0", args.get(args.indexOf("--metrics-bind") + 1));
        assertEquals("kpc-loadgen", the(overlay, "PodMonitor").at("/spec/podMetricsEndpoints/0/port").asText()
            .replace("metrics", "kpc-loadgen"), "the PodMonitor scrapes the named port");
        assertEquals(container.at("/resources/requests").toString(), container.at("/resources/limits").toString(),
            "Guaranteed QoS");
        assertFalse(pod.at("/affinity/podAntiAffinity").isMissingNode());
        Instant.parse(run.get("START_AT")); // absolute: +DURATION would put every shard at its own time
        // Jobs are immutable: each run its own Job, named after the run id the shards use
        String name = job.at("/metadata/name").asText();
        assertEquals("kpc-loadgen-" + run.get("RUN_ID"), name);
        assertTrue((name + "-" + (spec.path("completions").asInt() - 1)).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"),
            "the pods' host names are DNS labels: " + name);
    }

    /**
     * {@code new-run.sh} on a copy of {@code deploy/k8s}, twice: each run renders with its own Job name, which follows
     * the run id written into run.env (the one the shards read), so {@code kubectl apply -k} starts a new Job; a run
     * id that cannot be in a name is refused in one line.
     */
    @Test
    void eachNewRunRendersItsOwnJobNamedAfterItsRunId() throws Exception {
        Path copy = dir.resolve("new-run/k8s");
        copyTree(K8S, copy);
        Path overlayDir = copy.resolve("overlays/example-8");
        CliHarness first = newRun(copy, overlayDir.toString(), "--in", "5m");
        assertEquals(0, first.exitCode(), first.out());
        CliHarness second = newRun(copy, overlayDir.toString(), "--at", "2031-01-02T03:04:05Z", "--run-id", "soak-7");
        assertEquals(0, second.exitCode(), second.out());
        assertTrue(second.out().contains("the Job of this run: kpc-loadgen-soak-7"), second.out());
        List<JsonNode> rendered = objects(kustomize(overlayDir));
        assertEquals("kpc-loadgen-soak-7", the(rendered, "Job").at("/metadata/name").asText());
        assertEquals("soak-7", configData(rendered, "kpc-loadgen-run").get("RUN_ID"));
        assertEquals("2031-01-02T03:04:05Z", configData(rendered, "kpc-loadgen-run").get("START_AT"));

        Matcher id = Pattern.compile("RUN_ID=(example-8-\\d{8}-\\d{6})").matcher(first.out());
        assertTrue(id.find(), first.out());
        assertEquals(0, newRun(copy, overlayDir.toString(), "--in", "5m", "--run-id", id.group(1)).exitCode());
        assertEquals("kpc-loadgen-" + id.group(1), the(objects(kustomize(overlayDir)), "Job").at("/metadata/name")
            .asText(), "the default run id, from the start time");

        for (String bad : new String[] {"Soak_7", "-soak", "x".repeat(50)}) {
            CliHarness refused = newRun(copy, overlayDir.toString(), "--run-id", bad);
            assertEquals(2, refused.exitCode(), refused.out());
            assertEquals(1, refused.out().lines().count(), refused.out());
            assertTrue(refused.out().startsWith("new-run.sh: --run-id: expected lower-case letters"), refused.out());
        }
        assertEquals(0, newRun(copy, overlayDir.toString(), "--run-id", "x".repeat(49)).exitCode(),
            "49: kpc-loadgen-x...x-7 is 63 characters");
    }

    private static CliHarness newRun(Path k8s, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", k8s.resolve("new-run.sh").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new CliHarness(p.exitValue(), out, "");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().contains("node_modules")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A rendered ConfigMap's data, by its name before the generator's hash suffix. */
    private static Map<String, String> configData(List<JsonNode> objects, String name) {
        for (JsonNode o : objects) {
            if ("ConfigMap".equals(o.path("kind").asText()) && o.at("/metadata/name").asText().startsWith(name + "-")) {
                Map<String, String> data = new HashMap<>();
                o.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                return data;
            }
        }
        throw new AssertionError("no ConfigMap " + name);
    }

    /** The rendered run ConfigMap's data. */
    private static Map<String, String> runConfig() {
        for (JsonNode o : overlay) {
            if ("ConfigMap".equals(o.path("kind").asText()) && o.at("/metadata/name").asText().startsWith("kpc-loadgen-run")) {
                Map<String, String> data = new HashMap<>();
                o.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                return data;
            }
        }
        throw new AssertionError("no run ConfigMap");
    }

    @Test
    void eachShardsArgumentsAndEnvironmentAreAValidLoadgenRunOfThatShard() throws Exception {
        JsonNode job = the(overlay, "Job");
        JsonNode pod = job.at("/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, String> run = runConfig();
        assertTrue(run.get("KPC_SERVER").matches("[a-z0-9.-]+:\\d+"), run.get("KPC_SERVER"));
        // the cluster's name of KPC does not resolve here, and the reader resolves it
        run.put("KPC_SERVER", "127.0.0.1:1883");
        Map<String, Path> mounts = mountVolumes(pod, container);
        int shards = job.at("/spec/completions").asInt();
        for (int index = 0; index < shards; index++) {
            Map<String, String> env = environment(container, run, index);
            List<String> args = new ArrayList<>();
            for (JsonNode arg : container.path("args")) {
                args.add(local(expand(arg.asText(), env), mounts));
            }
            assertEquals("run", args.get(0));
            RunCommand command = new RunCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
            JCommander commander = JCommander.newBuilder().addCommand("run", command).build();
            commander.parse(args.toArray(String[]::new));
            RunSpec spec = command.spec(commander.getCommands().get("run"), env);

            assertEquals(shards, spec.shards().count());
            assertEquals(index, spec.shards().index(), "the shard from JOB_COMPLETION_INDEX");
            assertEquals("JOB_COMPLETION_INDEX", spec.shards().indexWhere());
            assertEquals(Instant.parse(run.get("START_AT")), spec.start().at().at());
            assertEquals(run.get("RUN_ID"), spec.outputs().runId());
            assertEquals(Path.of("/results", run.get("RUN_ID"), "shard-" + index).toString(),
                unlocal(spec.outputs().outDir().toString(), mounts), "each shard its own --out");
            assertEquals(9464, spec.outputs().metricsPort());
            assertEquals(8000, spec.load().publish().peakPerSecond(), 1e-9, "the profile's, for the whole run");
            assertEquals(run.get("KPC_SERVER"), spec.servers().get(0).getHostString() + ":"
                + spec.servers().get(0).getPort());
            assertTrue(spec.metricsLinger().toMinutes() >= 1, "the last figures scrapable after the run");
            assertEquals(2000, TokenFile.load(spec.tokens()).size(), "the token file from the Secret");
        }
    }

    /** Each volume's ConfigMap or Secret written to a folder, by the container's mount path. */
    private static Map<String, Path> mountVolumes(JsonNode pod, JsonNode container) throws Exception {
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            assertNotNull(volume, "a volume for " + mount);
            Path folder = Files.createDirectories(dir.resolve("mount-" + mount.path("name").asText()));
            mounts.put(mount.path("mountPath").asText(), folder);
            String configMap = volume.at("/configMap/name").asText(null);
            String secret = volume.at("/secret/secretName").asText(null);
            for (JsonNode o : overlay) {
                String name = o.at("/metadata/name").asText();
                if (configMap != null && "ConfigMap".equals(o.path("kind").asText()) && name.equals(configMap)) {
                    o.path("data").fields().forEachRemaining(e -> write(folder.resolve(e.getKey()),
                        e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                }
                if (secret != null && "Secret".equals(o.path("kind").asText()) && name.equals(secret)) {
                    o.path("data").fields().forEachRemaining(e -> write(folder.resolve(e.getKey()),
                        Base64.getMimeDecoder().decode(e.getValue().asText())));
                }
            }
        }
        return mounts;
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The container's environment as the kubelet makes it for the pod of {@code index}. */
    private static Map<String, String> environment(JsonNode container, Map<String, String> run, int index) {
        Map<String, String> env = new HashMap<>();
        // added by the Job controller to every container of an Indexed Job
        env.put("JOB_COMPLETION_INDEX", String.valueOf(index));
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, expand(e.path("value").asText(), env));
            } else if (e.at("/valueFrom/configMapKeyRef").isObject()) {
                String value = run.get(e.at("/valueFrom/configMapKeyRef/key").asText());
                assertNotNull(value, name + ": no such key in the run ConfigMap");
                env.put(name, value);
            } else if ("metadata.annotations['batch.kubernetes.io/job-completion-index']"
                .equals(e.at("/valueFrom/fieldRef/fieldPath").asText())) {
                env.put(name, String.valueOf(index));
            } else {
                throw new AssertionError("an env entry this test cannot resolve: " + e);
            }
        }
        return env;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** Kubernetes' {@code $(VAR)} expansion in args; an unknown variable would stay as it is, so the test fails. */
    private static String expand(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            assertNotNull(value, "$(" + m.group(1) + ") is not in the container's environment: " + text);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A path under a ConfigMap or Secret mount, as the local folder it was written to. */
    private static String local(String arg, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (arg.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + arg.substring(mount.getKey().length());
            }
        }
        return arg;
    }

    private static String unlocal(String path, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (path.startsWith(mount.getValue() + "/")) {
                return mount.getKey() + path.substring(mount.getValue().toString().length());
            }
        }
        return path;
    }
}
