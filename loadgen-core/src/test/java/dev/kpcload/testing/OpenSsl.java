package dev.kpcload.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openssl} command line as an independent peer: it checks the certificates we make and makes keys and
 * certificates of its own for us to read. Skipped when absent (see {@link ExternalPrograms}).
 */
public final class OpenSsl {

    /** What one command did: its exit code and its standard output and error, together. */
    public record Result(int exitCode, String output) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("openssl exited with " + exitCode + ": " + output);
            }
            return this;
        }
    }

    private final Path program;
    private final Path directory;

    private OpenSsl(Path program, Path directory) {
        this.program = program;
        this.directory = directory;
    }

    /** Runs in {@code directory}, so that file arguments may be relative to it. */
    public static OpenSsl in(Path directory) {
        return new OpenSsl(ExternalPrograms.require("openssl"), directory);
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
