package dev.kpcload.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link KpcSimulator} listens and behaves.
 *
 * @param bindHost        address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port            TCP port; 0 picks a free one (see {@link KpcSimulator#address()})
 * @param knownTokens     endpoint tokens the simulator knows, or null to accept any token; a request with an
 *                        unknown token and a request ID is answered with a 401 {@code /error}
 * @param replyDelay      how long to hold each 1/KP reply, drawn per request ({@link ReplyDelay#NONE}: at once;
 *                        PUBACK is never delayed)
 * @param ioThreads       event loop threads (the acceptor has its own)
 * @param maxMessageBytes largest MQTT message the decoder accepts; larger ones close the connection
 * @param capacity        a service capacity in front of the replies, or null for none (every request served at once)
 * @param faults          faults to inject, timed from the start ({@link FaultPlan#NONE}: none)
 * @param seed            the seed of every random choice (reply delays, error ratios, refusals, which connections)
 * @param tls             TLS on the listener (and client certificates), or null for plain MQTT
 */
public record SimConfig(String bindHost, int port, Set<String> knownTokens, ReplyDelay replyDelay, int ioThreads,
                        int maxMessageBytes, Capacity capacity, FaultPlan faults, long seed, SimTls tls) {

    /** MQTT's registered ports, plain and over TLS: the simulator's defaults, as KPC's. */
    public static final int MQTT_PORT = 1883;
    public static final int MQTT_TLS_PORT = 8883;

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 65536;
    public static final long DEFAULT_SEED = 1;

    public SimConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(replyDelay, "replyDelay");
        Objects.requireNonNull(faults, "faults");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        // an immutable copy: the set is read from every event loop
        knownTokens = knownTokens == null ? null : Set.copyOf(knownTokens);
    }

    /** A simulator without capacity or faults and with a fixed reply delay (the settings before them), seed 1. */
    public SimConfig(String bindHost, int port, Set<String> knownTokens, Duration responseDelay, int ioThreads,
                     int maxMessageBytes) {
        this(bindHost, port, knownTokens, new ReplyDelay.Fixed(responseDelay), ioThreads, maxMessageBytes, null,
                FaultPlan.NONE, DEFAULT_SEED, null);
    }

    /** 127.0.0.1, any token, no delay, one I/O thread, 64 KiB messages, no capacity, no faults, seed 1. */
    public static SimConfig loopback(int port) {
        return new SimConfig("127.0.0.1", port, null, ReplyDelay.NONE, 1, DEFAULT_MAX_MESSAGE_BYTES, null,
                FaultPlan.NONE, DEFAULT_SEED, null);
    }

    public SimConfig withBindHost(String host) {
        return new SimConfig(host, port, knownTokens, replyDelay, ioThreads, maxMessageBytes, capacity, faults, seed,
                tls);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(bindHost, newPort, knownTokens, replyDelay, ioThreads, maxMessageBytes, capacity, faults,
                seed, tls);
    }

    /** Tokens to accept; null accepts any token. */
    public SimConfig withKnownTokens(Set<String> tokens) {
        return new SimConfig(bindHost, port, tokens, replyDelay, ioThreads, maxMessageBytes, capacity, faults, seed,
                tls);
    }

    /** A fixed delay before every reply. */
    public SimConfig withResponseDelay(Duration delay) {
        return withReplyDelay(new ReplyDelay.Fixed(delay));
    }

    public SimConfig withReplyDelay(ReplyDelay delay) {
        return new SimConfig(bindHost, port, knownTokens, delay, ioThreads, maxMessageBytes, capacity, faults, seed,
                tls);
    }

    public SimConfig withIoThreads(int threads) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, threads, maxMessageBytes, capacity, faults,
                seed, tls);
    }

    public SimConfig withMaxMessageBytes(int bytes) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, ioThreads, bytes, capacity, faults, seed, tls);
    }

    /** A service capacity; null for none. */
    public SimConfig withCapacity(Capacity newCapacity) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, ioThreads, maxMessageBytes, newCapacity, faults,
                seed, tls);
    }

    public SimConfig withFaults(FaultPlan plan) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, ioThreads, maxMessageBytes, capacity, plan,
                seed, tls);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, ioThreads, maxMessageBytes, capacity, faults,
                newSeed, tls);
    }

    /** TLS on the listener ({@link SimTls}); null for plain MQTT. */
    public SimConfig withTls(SimTls newTls) {
        return new SimConfig(bindHost, port, knownTokens, replyDelay, ioThreads, maxMessageBytes, capacity, faults,
                seed,
                newTls);
    }

    /** Whether a request with this token is served (401 otherwise). */
    public boolean acceptsToken(String token) {
        return knownTokens == null || knownTokens.contains(token);
    }
}
