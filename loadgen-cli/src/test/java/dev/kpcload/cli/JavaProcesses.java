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
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    static Process start(Path log, String... args) throws IOException {
        return loadgen(args).redirectOutput(log.toFile()).start();
    }
}
