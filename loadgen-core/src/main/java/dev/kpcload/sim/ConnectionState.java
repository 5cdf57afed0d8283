package dev.kpcload.sim;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.SplittableRandom;

/**
 * What the simulator knows of one connection beyond its pipeline: its serial number (accept order), its own
 * seeded random stream (reply delays, error ratios, refusals), whether CONNECT succeeded, whether a fault made
 * it half-open, and over TLS the endpoint its client certificate authenticates. Written on the channel's event loop;
 * the flags are read by the fault scheduler too.
 */
final class ConnectionState {

    static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf("kpcsim.connection");

    private final long serial;
    private final SplittableRandom random;
    private volatile boolean connected;
    private volatile boolean halfOpen;
    /** When a half-open connection's first unanswered PINGREQ arrived (ticker nanos); -1 before. */
    private long firstIgnoredPingNanos = -1;
    /** The endpoint of the client certificate, from the end of the TLS handshake; null without one. */
    private String certifiedEndpoint;

    ConnectionState(long serial, long seed) {
        this.serial = serial;
        this.random = new SplittableRandom(mix(seed, serial));
    }

    static ConnectionState of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** SplitMix64's finaliser over seed and serial: streams of neighbouring connections are unrelated. */
    static long mix(long seed, long serial) {
        long z = seed + (serial + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long serial() {
        return serial;
    }

    /** Only on the channel's event loop. */
    SplittableRandom random() {
        return random;
    }

    boolean connected() {
        return connected;
    }

    void markConnected() {
        connected = true;
    }

    boolean halfOpen() {
        return halfOpen;
    }

    void markHalfOpen() {
        halfOpen = true;
    }

    /** Only on the channel's event loop. */
    String certifiedEndpoint() {
        return certifiedEndpoint;
    }

    void certifiedEndpoint(String endpoint) {
        certifiedEndpoint = endpoint;
    }

    long firstIgnoredPingNanos() {
        return firstIgnoredPingNanos;
    }

    void ignoredPingAt(long nanos) {
        if (firstIgnoredPingNanos < 0) {
            firstIgnoredPingNanos = nanos;
        }
    }
}
