package dev.kpcload.sim;

import dev.kpcload.kp.Extensions;
import dev.kpcload.kp.KpTopic;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Serves a parsed 1/KP request: token check (401), extension lookup (404), then the extension itself.
 * Any app version is accepted. Free of Netty so that it is tested with plain values.
 */
final class KpRequestRouter {

    private final Predicate<String> tokenAccepted;
    private final Map<String, KpExtension> extensions;

    KpRequestRouter(Predicate<String> tokenAccepted, Map<String, KpExtension> extensions) {
        this.tokenAccepted = tokenAccepted;
        this.extensions = Map.copyOf(extensions);
    }

    /** The router of a simulator: EPMX on {@code store}, DCX on {@code dcx}, both counting into {@code counters}. */
    static KpRequestRouter standard(SimConfig config, MetadataStore store, DcxStore dcx, SimCounters counters) {
        return new KpRequestRouter(config::acceptsToken, Map.of(
                Extensions.EPMX, new EpmxExtension(store),
                Extensions.DCX, new DcxExtension(dcx, counters.dcxSamples, counters.dcxEnergyDecreases)));
    }

    KpOutcome route(KpTopic topic, byte[] payload) {
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
