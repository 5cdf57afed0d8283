package dev.kpcload.fleet;

import dev.kpcload.IoReason;
import dev.kpcload.InvalidInputException;
import dev.kpcload.kp.KpTopics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes tokens as a token file {@link TokenFile} reads back: a {@code token} header, then one per line. */
public final class TokenFileWriter {

    private TokenFileWriter() {
    }

    /** Creates missing parent directories and replaces an existing file. */
    public static void write(Path out, List<String> tokens) {
        for (String token : tokens) {
            if (!KpTopics.isValidToken(token)) {
                throw new IllegalArgumentException("invalid token: " + token);
            }
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                writer.write("token\n");
                for (String token : tokens) {
                    writer.write(csvCell(token));
                    writer.write('\n');
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(out + ": cannot write: " + IoReason.of(e));
        }
    }

    /** Valid tokens hold no white space, but may hold a comma or quote, which need quoting. */
    private static String csvCell(String token) {
        if (token.indexOf(',') < 0 && token.indexOf('"') < 0) {
            return token;
        }
        return '"' + token.replace("\"", "\"\"") + '"';
    }
}
