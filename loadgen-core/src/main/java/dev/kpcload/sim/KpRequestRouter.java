package dev.kpcload.sim;

import dev.kpcload.kp.Extensions;
import dev.kpcload.kp.KpTopic;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Serves a parsed 1/KP request: token checks (401: a token the simulator does not know, or on a connection whose
 * client certificate authenticates another endpoint), extension lookup (404), then the extension itself.
 * Any app version is accepted. Free of Netty so that it is tested with plain values.
 */
final class KpRequestRouter {

    private final Predicate<String> tokenAccepted;
    private final Map<String, KpExtension> extensions;
    private final LongAdder tokenMismatches;

    KpRequestRouter(Predicate<String> tokenAccepted, Map<String, KpExtension> extensions) {
        this(tokenAccepted, extensions, new LongAdder());
    }

    /** @param tokenMismatches counts the requests refused because their token is not the certificate's endpoint */
    KpRequestRouter(Predicate<String> tokenAccepted, Map<String, KpExtension> extensions, LongAdder tokenMismatches) {
        this.tokenAccepted = tokenAccepted;
        this.extensions = Map.copyOf(extensions);
        this.tokenMismatches = tokenMismatches;
    }

    /** The router of a simulator: EPMX on {@code store}, DCX on {@code dcx}, both counting into {@code counters}. */
    static KpRequestRouter standard(SimConfig config, MetadataStore store, DcxStore dcx, SimCounters counters) {
        return new KpRequestRouter(config::acceptsToken, Map.of(
                Extensions.EPMX, new EpmxExtension(store),
                Extensions.DCX, new DcxExtension(dcx, counters.dcxSamples, counters.dcxEnergyDecreases)),
                counters.tlsTokenMismatches);
    }

    KpOutcome route(KpTopic topic, byte[] payload) {
        return route(topic, payload, null);
    }

    /**
     * @param certifiedEndpoint the endpoint the connection's client certificate authenticates, or null when it
     *                          presented none (then any token the simulator knows is served)
     */
    KpOutcome route(KpTopic topic, byte[] payload, String certifiedEndpoint) {
        if (certifiedEndpoint != null && !certifiedEndpoint.equals(topic.token())) {
            tokenMismatches.increment();
            return KpOutcome.error(KpOutcome.UNAUTHORIZED, "the client certificate authenticates endpoint '"
                    + certifiedEndpoint + "', not '" + topic.token() + "'");
        }
        if (!tokenAccepted.test(topic.token())) {
            return KpOutcome.error(KpOutcome.UNAUTHORIZED, "unknown endpoint token '" + topic.token() + "'");
        }
        KpExtension extension = extensions.get(topic.extension());
        if (extension == null) {
            return KpOutcome.error(KpOutcome.NOT_FOUND, "unknown extension instance '" + topic.extension()
                    + "' (the simulator serves " + Extensions.EPMX + " and " + Extensions.DCX + ")");
        }
        return extension.handle(topic.token(), topic.resourcePath(), payload);
    }
}
