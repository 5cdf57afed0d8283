package dev.kpcload.fleet;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class TokenGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void tokensAreTenAlphanumericsAndUnique() {
        List<String> tokens = TokenGenerator.generate(100_000, 42);
        assertEquals(100_000, tokens.size());
        assertEquals(tokens.size(), new HashSet<>(tokens).size());
        for (String t : tokens) {
            assertTrue(t.matches("[A-Za-z0-9]{10}"), t);
        }
        // every character of the alphabet shows up, so none is left out by mistake
        String used = tokens.stream().flatMapToInt(String::chars).distinct().sorted()
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        assertEquals("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", used);
    }

    @Test
    void sameSeedSameTokensOtherSeedOthers() {
        assertEquals(TokenGenerator.generate(1000, 7), TokenGenerator.generate(1000, 7));
        assertNotEquals(TokenGenerator.generate(1000, 7), TokenGenerator.generate(1000, 8));
        // a shorter run is a prefix of a longer one
        assertEquals(TokenGenerator.generate(1000, 7).subList(0, 10), TokenGenerator.generate(10, 7));
    }

    @Test
    void zeroAndNegativeCounts() {
        assertEquals(List.of(), TokenGenerator.generate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> TokenGenerator.generate(-1, 1));
    }

    @Test
    void writtenFileLoadsBack() throws IOException {
        List<String> tokens = TokenGenerator.generate(1000, 3);
        Path out = dir.resolve("a/b/tokens.csv");
        TokenFileWriter.write(out, tokens);
        assertTrue(Files.readString(out).startsWith("token\n" + tokens.get(0) + "\n"));
        List<TokenEntry> entries = TokenFile.load(out);
        assertEquals(tokens, entries.stream().map(TokenEntry::token).toList());
        assertEquals(2, entries.get(0).line());
    }

    @Test
    void tokensNeedingQuotesRoundTrip() throws IOException {
        List<String> tokens = List.of("token", "a,b", "q\"x", "plain");
        Path out = dir.resolve("odd.csv");
        TokenFileWriter.write(out, tokens);
        assertEquals(tokens, TokenFile.load(out).stream().map(TokenEntry::token).toList());
    }

    @Test
    void writerReplacesAnExistingFile() throws IOException {
        Path out = dir.resolve("t.csv");
        TokenFileWriter.write(out, List.of("a", "b", "c"));
        TokenFileWriter.write(out, List.of("d"));
        assertEquals("token\nd\n", Files.readString(out));
    }

    @Test
    void writeFailureIsOneLine() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path out = blocker.resolve("tokens.csv");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TokenFileWriter.write(out, List.of("a")));
        assertTrue(e.getMessage().startsWith(out + ": cannot write: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        InvalidInputException onDir = assertThrows(InvalidInputException.class,
                () -> TokenFileWriter.write(dir, List.of("a")));
        assertEquals(dir + ": cannot write: is a directory", onDir.getMessage());
    }

    @Test
    void writerRefusesInvalidTokens() {
        assertThrows(IllegalArgumentException.class, () -> TokenFileWriter.write(dir.resolve("x"), List.of("a/b")));
    }
}
