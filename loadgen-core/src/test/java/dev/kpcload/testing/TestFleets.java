package dev.kpcload.testing;

import dev.kpcload.fleet.Device;

import java.util.ArrayList;
import java.util.List;

/** Small deterministic fleets for tests that do not exercise token files. */
public final class TestFleets {

    private TestFleets() {
    }

    public static List<Device> meters(int count) {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = String.format("tok%07d", i);
            String mac = String.format("02-00-00-%02X-%02X-%02X", (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF);
            devices.add(new Device(i, token, token, null, null, mac, "MySmartMeter A300"));
        }
        return devices;
    }
}
