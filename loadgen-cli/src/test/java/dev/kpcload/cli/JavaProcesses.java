package dev.kpcload.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code loadgen} commands as separate JVMs on the test classpath, as a user would run them. */
final class JavaProcesses {

    private JavaProcesses() {
    }

    static ProcessBuilder loadgen(String... args) {
        return loadgen(List.of(), List.of(), args);
    }

    /**
     * @param launcher   what runs the JVM ({@code taskset -c 0 nice -n 19}: each execs the next, so the process is
     *                   the JVM itself), or empty
     * @param jvmOptions options of the JVM beside {@code -Xmx512m}
     */
    static ProcessBuilder loadgen(List<String> launcher, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    static Process start(Path log, String... args) throws IOException {
        return loadgen(args).redirectOutput(log.toFile()).start();
    }
}
