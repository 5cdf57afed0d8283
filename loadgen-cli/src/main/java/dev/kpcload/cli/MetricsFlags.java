package dev.kpcload.cli;

import dev.kpcload.run.Values;
import com.beust.jcommander.Parameter;

/** {@code --metrics-port} and {@code --metrics-bind}, shared by {@code run} and {@code sim}. */
final class MetricsFlags {

    @Parameter(names = "--metrics-port", description = "Serve Prometheus /metrics on this port (0: any free port)")
    String port;
    @Parameter(names = "--metrics-bind", description = "Address /metrics listens on")
    String bind = "127.0.0.1";

    /** The port, or null when /metrics is not asked for. */
    Integer portOrNull() {
        return port == null ? null : Values.intInRange(port, "--metrics-port", 0, 65_535);
    }
}
