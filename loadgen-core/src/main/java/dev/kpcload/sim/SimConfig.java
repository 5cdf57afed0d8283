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
 * @param responseDelay   how long to hold each 1/KP reply; {@link Duration#ZERO} replies at once (PUBACK is
 *                        never delayed)
 * @param ioThreads       event loop threads (the acceptor shares them)
 * @param maxMessageBytes largest MQTT message the decoder accepts; larger ones close the connection
 */
public record SimConfig(String bindHost, int port, Set<String> knownTokens, Duration responseDelay, int ioThreads,
                        int maxMessageBytes) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 65536;

    public SimConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(responseDelay, "responseDelay");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        if (responseDelay.isNegative()) {
            throw new IllegalArgumentException("negative response delay: " + responseDelay);
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

    /** 127.0.0.1, any token, no delay, one I/O thread, 64 KiB messages. */
    public static SimConfig loopback(int port) {
        return new SimConfig("127.0.0.1", port, null, Duration.ZERO, 1, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public SimConfig withBindHost(String host) {
        return new SimConfig(host, port, knownTokens, responseDelay, ioThreads, maxMessageBytes);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(bindHost, newPort, knownTokens, responseDelay, ioThreads, maxMessageBytes);
    }

    /** Tokens to accept; null accepts any token. */
    public SimConfig withKnownTokens(Set<String> tokens) {
        return new SimConfig(bindHost, port, tokens, responseDelay, ioThreads, maxMessageBytes);
    }

    public SimConfig withResponseDelay(Duration delay) {
        return new SimConfig(bindHost, port, knownTokens, delay, ioThreads, maxMessageBytes);
    }

    public SimConfig withIoThreads(int threads) {
        return new SimConfig(bindHost, port, knownTokens, responseDelay, threads, maxMessageBytes);
    }

    public SimConfig withMaxMessageBytes(int bytes) {
        return new SimConfig(bindHost, port, knownTokens, responseDelay, ioThreads, bytes);
    }

    /** Whether a request with this token is served (401 otherwise). */
    public boolean acceptsToken(String token) {
        return knownTokens == null || knownTokens.contains(token);
    }
}
