package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.MixEntry;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.slo.Slo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Refuses, before anything connects, an SLO the run could never measure: a latency its confirmation mode does not
 * produce, or a message kind not in its mix. Judged at the end, such an SLO would only say "no data".
 */
final class SloChecks {

    private SloChecks() {
    }

    static void check(List<Slo> slos, SessionSettings session, List<MixEntry> mix) {
        List<String> kinds = mix.stream().map(m -> m.kind().tag()).toList();
        for (Slo slo : slos) {
            if (slo.messageKind() != null && !kinds.contains(slo.messageKind())) {
                throw problem(slo, "the run's mix has no " + slo.messageKind() + " messages (it has "
                    + String.join(", ", kinds) + ")");
            }
            if (slo.latency() == null) {
                continue;
            }
            ConfirmMode confirm = session.confirm();
            boolean measured = switch (slo.latency()) {
                case STATUS -> confirm == ConfirmMode.STATUS;
                case PUBACK -> session.qos() == 1;
                case SERVICE -> confirm != ConfirmMode.NONE;
                default -> true;
            };
            if (!measured) {
                throw problem(slo, latencyNeeds(slo.latency()) + "; this run has confirm "
                    + confirm.name().toLowerCase() + ", QoS " + session.qos());
            }
        }
    }

    private static String latencyNeeds(LatencyKind latency) {
        return switch (latency) {
            case STATUS -> "status latencies need confirm status (a 1/KP reply per message)";
            case PUBACK -> "puback latencies need QoS 1 (confirm puback, or confirm status with QoS 1)";
            default -> latency.tag() + " latencies need confirm status or puback";
        };
    }

    private static InvalidInputException problem(Slo slo, String what) {
        return new InvalidInputException(slo.where() + ": slo '" + slo.text() + "': " + what);
    }

    static String describe(List<Slo> slos) {
        return slos.stream().map(Slo::text).collect(Collectors.joining("; "));
    }
}
