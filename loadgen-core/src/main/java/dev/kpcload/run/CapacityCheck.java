package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.client.Endpoints;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says up front whether a run fits this machine's limits, instead of failing mid-ramp: every connection is an open
 * file (two with the embedded simulator, which holds the server end in the same process), and every connection
 * from one source address to one server needs its own ephemeral port. Pure: the limits are passed in.
 */
public final class CapacityCheck {

    /** Files a run needs besides its connections: the JVM's jars, epoll and event fds, /metrics, logs. */
    static final int OVERHEAD_FILES = 200;

    private CapacityCheck() {
    }

    /** Refuses, with the numbers and the remedies, a run that cannot fit in the open-file limit. */
    public static void checkOpenFiles(int devices, boolean embeddedSimulator, long openNow, long limit) {
        if (limit <= 0) {
            return;
        }
        long perDevice = embeddedSimulator ? 2 : 1;
        long needed = devices * perDevice + openNow + OVERHEAD_FILES;
        if (needed > limit) {
            long fits = Math.max(0, (limit - openNow - OVERHEAD_FILES) / perDevice);
            long shards = (devices + Math.max(1, fits) - 1) / Math.max(1, fits);
            throw new InvalidInputException(String.format(Locale.ROOT,
                "%,d meters need about %,d open files (%s), but this process may open %,d (ulimit -n); it fits "
                    + "about %,d: raise the limit (ulimit -n %d), or split the run into %d or more shards "
                    + "(--shards N --shard-index I, one process each)%s",
                devices, needed, embeddedSimulator ? "two per meter with the embedded simulator" : "one per meter",
                limit, fits, needed, shards,
                embeddedSimulator ? ", or run the simulator as its own process (loadgen sim) with --server" : ""));
        }
    }

    /**
     * Warnings for every (source address, server) pair that needs more connections than the ephemeral port range
     * holds.
     */
    public static List<String> portWarnings(int devices, Endpoints endpoints, int[] portRange) {
        List<String> warnings = new ArrayList<>();
        if (portRange == null) {
            return warnings;
        }
        int ports = portRange[1] - portRange[0] + 1;
        Map<String, Integer> perPair = new HashMap<>();
        Map<String, String> label = new HashMap<>();
        for (int i = 0; i < devices; i++) {
            InetAddress source = endpoints.source(i);
            InetSocketAddress server = endpoints.server(i);
            String key = (source == null ? "" : source.getHostAddress()) + ">" + server;
            perPair.merge(key, 1, Integer::sum);
            label.putIfAbsent(key, (source == null ? "the default source address" : source.getHostAddress())
                + " to " + server.getHostString() + ":" + server.getPort());
        }
        perPair.forEach((key, count) -> {
            if (count > ports) {
                warnings.add(String.format(Locale.ROOT, "warning: %,d connections from %s need more than the %,d "
                    + "ephemeral ports (ip_local_port_range %d-%d): add source addresses (--bind 127.0.0.2,127.0.0.3 "
                    + "on loopback) or servers", count, label.get(key), ports, portRange[0], portRange[1]));
            }
        });
        return warnings;
    }
}
