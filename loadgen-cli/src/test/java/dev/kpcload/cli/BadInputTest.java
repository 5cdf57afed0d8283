package dev.kpcload.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rejected input: exit code 2, one line on stderr naming the file, line or flag, and no run. */
class BadInputTest {

    @TempDir
    Path dir;
    private Path good;

    @BeforeEach
    void goodTokens() throws IOException {
        good = dir.resolve("good.csv");
        Files.writeString(good, "token\nAAAAAAAAA1\nAAAAAAAAA2\n");
    }

    private void assertRejected(String expectedFragment, String... args) {
        CliHarness result = CliHarness.run(args);
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.errLines().size(), "one line: " + result.err());
        assertTrue(result.err().contains(expectedFragment), result.err());
        assertTrue(result.out().isEmpty(), "no run started: " + result.out());
    }

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    @Test
    void missingTokenFile() {
        String path = dir.resolve("nope.csv").toString();
        assertRejected(path + ": no such file", "run", "--tokens", path, "--rate", "10/s");
    }

    @Test
    void emptyTokenFile() throws IOException {
        String path = file("empty.csv", "");
        assertRejected(path + ": no tokens found", "run", "--tokens", path, "--rate", "10/s");
    }

    @Test
    void emptyToken() throws IOException {
        String path = file("t.csv", "token,model\nAAA,x\n,y\n");
        assertRejected(path + ":3: empty token", "run", "--tokens", path, "--rate", "10/s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ab/c|'/'", "ab+c|'+'", "ab#c|'#'", "ab c|a space", "ab\tc|a tab"})
    void tokenWithForbiddenCharacter(String token, String named) throws IOException {
        String path = file("t.csv", "token\n" + token + "\n");
        assertRejected(path + ":2: token", "run", "--tokens", path, "--rate", "10/s");
        assertTrue(CliHarness.run("run", "--tokens", path, "--rate", "10/s").err().contains(named));
    }

    @Test
    void tokenWithNul() throws IOException {
        String path = file("t.csv", "token\nab\0c\n");
        assertRejected(path + ":2: token", "run", "--tokens", path, "--rate", "10/s");
    }

    @Test
    void duplicateToken() throws IOException {
        String path = file("t.csv", "token\nAAA\nBBB\nAAA\n");
        assertRejected(path + ":4: duplicate token 'AAA' (first seen on line 2)", "run", "--tokens", path,
            "--rate", "10/s");
    }

    @Test
    void unknownColumn() throws IOException {
        String path = file("t.csv", "token,colour\nAAA,red\n");
        assertRejected(path + ":1: unknown column 'colour'", "run", "--tokens", path, "--rate", "10/s");
    }

    @Test
    void moreDevicesThanTokens() {
        assertRejected("--devices 5: " + good + " has only 2 tokens", "run", "--tokens", good.toString(),
            "--devices", "5", "--rate", "10/s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rate|500|--rate: expected a rate like 500/s",
        "--rate|0/s|--rate: must be more than 0",
        "--duration|forever|--duration: expected a duration like 90s",
        "--connect-rate|fast|--connect-rate: expected a rate",
        "--confirm|maybe|--confirm: expected one of status, puback, none",
        "--qos|2|--qos: expected a whole number from 0 to 1",
        "--inflight|0|--inflight: expected a whole number from 1 to 65535",
        "--keepalive|70000|--keepalive: expected whole seconds from 0 to 65535",
        "--server|localhost|--server: expected HOST:PORT",
        "--server|127.0.0.1:99999|--server port: expected a whole number from 1 to 65535",
        "--backlog|spill|--backlog: expected one of queue, drop",
        "--report-interval|0s|--report-interval: must be more than 0",
        "--io-threads|0|--io-threads: expected a whole number from 1 to 1024",
        "--seed|abc|--seed: expected a whole number",
        "--app-version|a/b|--app-version: expected a non-empty name"})
    void badFlag(String flag, String value, String expected) {
        if (flag.equals("--rate")) {
            assertRejected(expected, "run", "--tokens", good.toString(), flag, value);
        } else {
            assertRejected(expected, "run", "--tokens", good.toString(), "--rate", "10/s", flag, value);
        }
    }

    @Test
    void qosConflictsWithConfirmMode() {
        assertRejected("--qos 0: --confirm puback always uses QoS 1", "run", "--tokens", good.toString(),
            "--rate", "10/s", "--confirm", "puback", "--qos", "0");
    }

    @Test
    void missingRequiredFlag() {
        assertRejected("--rate", "run", "--tokens", good.toString());
    }

    @Test
    void unknownFlag() {
        assertRejected("--colour", "run", "--tokens", good.toString(), "--rate", "1/s", "--colour", "red");
    }

    @Test
    void unknownFlagNamesTheOneProbablyMeant() {
        assertRejected("loadgen run: unknown option --profle (did you mean --profile?)", "run", "--tokens",
            good.toString(), "--profle", "p.yaml");
        assertRejected("loadgen run: unknown option --colour (see loadgen run --help)", "run", "--tokens",
            good.toString(), "--colour", "red");
    }

    @Test
    void zeroDevicesIsRefusedNotTakenAsAll() {
        assertRejected("--devices: expected 1 or more devices, got 0", "run", "--tokens", good.toString(), "--rate",
            "10/s", "--devices", "0");
    }

    @Test
    void aJsonOutThatNoFileCanBeCreatedInIsFoundBeforeTheRun() {
        // root may write to /proc by its permission bits, but no new file can be made there
        assertRejected("--json-out /proc/kpc-loadgen-test.json: cannot write there", "run", "--tokens",
            good.toString(), "--rate", "10/s", "--json-out", "/proc/kpc-loadgen-test.json");
    }

    @Test
    void unwritableJsonOut() {
        assertRejected("--json-out " + dir + ": cannot write there", "run", "--tokens", good.toString(),
            "--rate", "10/s", "--json-out", dir.toString());
    }

    @Test
    void tokensCommandRejectsBadCount() {
        assertRejected("--count: expected a whole number", "tokens", "--count", "many", "--out",
            dir.resolve("x.csv").toString());
    }

    @Test
    void noCommandShowsUsageAndFails() {
        assertEquals(2, CliHarness.run().exitCode());
        assertEquals(0, CliHarness.run("--help").exitCode());
        assertEquals(0, CliHarness.run("run", "--help").exitCode());
    }
}
