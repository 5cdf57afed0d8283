package dev.kpcload.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link CapacityResult} as JSON: {@code outcome}, {@code maxSustainableRate} (null when none was
 * confirmed), {@code knee} (null without one), {@code bracket}, {@code steps} and the settings, with durations
 * in seconds ({@code rampSeconds}, ...).
 */
public final class CapacityJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CapacityJson() {
    }

    public static String toJson(CapacityResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("capacity result is not serializable", e);
        }
    }

    /** Writes the result; a failure becomes {@code FILE: cannot write: reason}. */
    public static void write(CapacityResult result, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(result));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }
}
