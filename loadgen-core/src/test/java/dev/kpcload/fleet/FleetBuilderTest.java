package dev.kpcload.fleet;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FleetBuilderTest {

    private static TokenEntry plain(int line, String token) {
        return new TokenEntry(line, token, null, null, null, null, null);
    }

    private static FleetOptions options(int limit) {
        return new FleetOptions(null, null, null, 7, limit, "tokens.csv", "--devices");
    }

    @Test
    void fileValuesWinOverOptions() {
        List<TokenEntry> entries = List.of(
                new TokenEntry(2, "tok1", "c1", "u1", "p1", "00-14-22-01-23-45", "Model X"),
                plain(3, "tok2"));
        FleetOptions options = new FleetOptions("Model D", "userD", "passD", 7, 0, "tokens.csv");
        List<Device> devices = FleetBuilder.build(entries, options);
        assertEquals(new Device(0, "tok1", "c1", "u1", "p1", "00-14-22-01-23-45", "Model X"), devices.get(0));
        Device second = devices.get(1);
        assertEquals(1, second.index());
        assertEquals("tok2", second.clientId());
        assertEquals("userD", second.username());
        assertEquals("passD", second.password());
        assertEquals("Model D", second.model());
        assertTrue(MacGenerator.isLocallyAdministeredUnicast(second.mac()));
    }

    @Test
    void defaultsAreTheTutorialMeterWithoutCredentials() {
        Device d = FleetBuilder.build(List.of(plain(1, "tok")), FleetOptions.defaults("t.csv", 1)).get(0);
        assertEquals("MySmartMeter A300", d.model());
        assertNull(d.username());
        assertNull(d.password());
        assertEquals("tok", d.clientId());
    }

    @Test
    void usernameAndPasswordFallBackIndependently() {
        List<TokenEntry> entries = List.of(new TokenEntry(1, "t", null, "fileUser", null, null, null));
        Device d = FleetBuilder.build(entries, new FleetOptions(null, "u", "p", 1, 0, "f")).get(0);
        assertEquals("fileUser", d.username());
        assertEquals("p", d.password());
    }

    @Test
    void generatedMacsAvoidFileMacsAndAreReproducible() {
        // Reserve the first MACs the generator would give, through the file, even beyond the device limit.
        MacGenerator probe = new MacGenerator(7);
        String first = probe.next();
        String second = probe.next();
        List<TokenEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(plain(i + 1, "tok" + i));
        }
        entries.add(new TokenEntry(101, "tokA", null, null, null, first.toLowerCase(), null));
        entries.add(new TokenEntry(102, "tokB", null, null, null, second.replace('-', ':'), null));

        List<Device> all = FleetBuilder.build(entries, options(0));
        assertEquals(first, all.get(100).mac());
        assertEquals(second, all.get(101).mac());
        HashSet<String> macs = new HashSet<>();
        all.forEach(d -> assertTrue(macs.add(d.mac()), d.mac()));

        List<Device> some = FleetBuilder.build(entries, options(10));
        assertEquals(10, some.size());
        assertEquals(all.subList(0, 10), some);
        assertFalse(some.stream().anyMatch(d -> d.mac().equals(first) || d.mac().equals(second)));
        assertEquals(all, FleetBuilder.build(entries, options(0)));
    }

    @Test
    void indexesFollowFileOrder() {
        List<Device> devices = FleetBuilder.build(List.of(plain(5, "b"), plain(9, "a"), plain(12, "c")), options(0));
        assertEquals(List.of("b", "a", "c"), devices.stream().map(Device::token).toList());
        assertEquals(List.of(0, 1, 2), devices.stream().map(Device::index).toList());
    }

    @Test
    void deviceLimitEqualToTheFileIsFine() {
        assertEquals(2, FleetBuilder.build(List.of(plain(1, "a"), plain(2, "b")), options(2)).size());
    }

    @Test
    void deviceLimitAboveTheFile() {
        List<TokenEntry> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(plain(i + 1, "t" + i));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FleetBuilder.build(entries, options(500)));
        assertEquals("--devices 500: tokens.csv has only 200 tokens", e.getMessage());

        InvalidInputException one = assertThrows(InvalidInputException.class,
                () -> FleetBuilder.build(List.of(plain(1, "a")), options(2)));
        assertEquals("--devices 2: tokens.csv has only 1 token", one.getMessage());
    }

    @Test
    void negativeDeviceLimit() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FleetBuilder.build(List.of(plain(1, "a")), options(-3)));
        assertEquals("--devices -3: expected 0 (all tokens) or more", e.getMessage());
    }

    @Test
    void missingSourceNameStillReadsWell() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FleetBuilder.build(List.of(plain(1, "a")), new FleetOptions(null, null, null, 1, 3, null, "--devices")));
        assertEquals("--devices 3: the token file has only 1 token", e.getMessage());
    }

    @Test
    void devicesAreImmutable() {
        List<Device> devices = FleetBuilder.build(List.of(plain(1, "a")), options(0));
        assertThrows(UnsupportedOperationException.class, () -> devices.add(devices.get(0)));
    }
}
