package dev.kpcload.fleet;

import dev.kpcload.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns token file entries into devices: file order, index 0..n-1, each field from the file or else from the
 * options, MAC from the file or else generated.
 *
 * <p>Every MAC in the file is reserved before any is generated, including those of lines beyond the device
 * limit, so generated MACs never collide with given ones and a smaller fleet is a prefix of a larger one.
 */
public final class FleetBuilder {

    private FleetBuilder() {
    }

    public static List<Device> build(List<TokenEntry> entries, FleetOptions options) {
        int count = deviceCount(entries.size(), options);
        MacGenerator macs = new MacGenerator(options.seed());
        for (TokenEntry entry : entries) {
            if (entry.mac() != null) {
                macs.reserve(entry.mac());
            }
        }
        List<Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TokenEntry e = entries.get(i);
            devices.add(new Device(i, e.token(), e.effectiveClientId(),
                    orElse(e.username(), options.username()),
                    orElse(e.password(), options.password()),
                    e.mac() != null ? MacAddress.normalize(e.mac()) : macs.next(),
                    orElse(e.model(), options.model())));
        }
        return Collections.unmodifiableList(devices);
    }

    private static int deviceCount(int available, FleetOptions options) {
        int limit = options.deviceLimit();
        if (limit < 0) {
            throw new InvalidInputException(options.deviceLimitWhere() + " " + limit + ": expected 0 (all tokens) or more");
        }
        if (limit > available) {
            throw new InvalidInputException(options.deviceLimitWhere() + " " + limit + ": " + options.sourceName() + " has only "
                    + available + " token" + (available == 1 ? "" : "s"));
        }
        return limit == 0 ? available : limit;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
