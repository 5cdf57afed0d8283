package dev.kpcload.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kpcload.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link RunSummary} as JSON (field reference in the README). */
public final class SummaryJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static String toJson(RunSummary summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (IOException e) {
            throw new IllegalStateException("summary is not serializable", e);
        }
    }

    public static void write(RunSummary summary, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(summary));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage());
        }
    }

    public static RunSummary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunSummary.class);
    }
}
