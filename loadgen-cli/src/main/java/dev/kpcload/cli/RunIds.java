package dev.kpcload.cli;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Default run IDs: the start time in UTC and a random suffix, e.g. {@code 20261122-031502-7f3a}. */
final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {
    }

    static String generate() {
        return FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
