package dev.kpcload.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ CE's own class path, as HiveMQ declares it (with its Netty 4.1), for the broker's child JVM.
 *
 * <p>Why not a test-scope dependency: our parent POM imports the Netty 4.2 and Jackson BOMs, and managed versions
 * apply to transitive dependencies too, so HiveMQ on our test class path would run on Netty 4.2.18 (a Netty it is
 * not released with) and bring logback, Guava, Guice and RocksDB to every other test of the module. Instead a
 * separate Maven run resolves a one-dependency POM without our parent into
 * {@code target/hivemq-VERSION/classpath.txt}, once (offline first, then online for the first download); the
 * result is cached until {@code mvn clean}.
 */
public final class HiveMqClasspath {

    public static final String VERSION = "2025.5";
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    private HiveMqClasspath() {
    }

    /** The class path entries, resolving them first if needed; skips (or fails, see {@link ExternalPeers}). */
    public static List<Path> resolve() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/hivemq-" + VERSION);
        Path classpath = dir.resolve("classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("pom.xml"), pom());
            Path maven = maven();
            Path partial = dir.resolve("classpath.txt.part");
            String failure = run(maven, dir, partial, true);
            if (failure != null) {
                failure = run(maven, dir, partial, false);
            }
            if (failure != null) {
                ExternalPeers.unavailable("HiveMQ CE " + VERSION + " could not be resolved by Maven (" + failure + ")");
            }
            Files.move(partial, classpath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : Files.readString(classpath).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!Files.isRegularFile(jar)) {
                // the local repository was cleaned since: resolve again
                Files.delete(classpath);
                return resolve();
            }
            entries.add(jar);
        }
        return entries;
    }

    /** @return null on success, else what went wrong */
    private static String run(Path maven, Path dir, Path output, boolean offline)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(maven.toString(), "-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of("-f", dir.resolve("pom.xml").toString(), DEPENDENCY_PLUGIN + ":build-classpath",
            "-Dmdep.outputFile=" + output));
        Path log = dir.resolve(offline ? "resolve-offline.log" : "resolve.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return "mvn took over 300 s, see " + log;
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(output)) {
            return "mvn exited " + process.exitValue() + ", see " + log;
        }
        return null;
    }

    private static Path maven() {
        String home = System.getenv("MAVEN_HOME");
        List<Path> candidates = new ArrayList<>();
        if (home != null) {
            candidates.add(Path.of(home, "bin", "mvn"));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "mvn"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        ExternalPeers.unavailable("mvn is not on the PATH, needed to resolve HiveMQ CE's class path");
        return null;
    }

    private static String pom() {
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by dev.kpcload.testing.HiveMqClasspath: HiveMQ CE with its own dependency versions -->
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>dev.kpcload.testing</groupId>
              <artifactId>hivemq-classpath</artifactId>
              <version>1</version>
              <packaging>pom</packaging>
              <dependencies>
                <dependency>
                  <groupId>com.hivemq</groupId>
                  <artifactId>hivemq-community-edition-embedded</artifactId>
                  <version>%s</version>
                </dependency>
              </dependencies>
            </project>
            """.formatted(VERSION);
    }
}
