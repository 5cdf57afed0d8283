package dev.kpcload.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operating system's limits that bound how many connections one process can hold. */
public final class OsLimits {

    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private OsLimits() {
    }

    /** The process's open-file limit, or -1 when the JVM cannot tell. */
    public static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** Files this process has open now, or 0 when the JVM cannot tell. */
    public static long openFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getOpenFileDescriptorCount();
        }
        return 0;
    }

    /** The ephemeral port range {@code {low, high}}, or null when it cannot be read. */
    public static int[] ephemeralPortRange() {
        try {
            String[] parts = Files.readString(PORT_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
