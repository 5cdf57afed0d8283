package dev.kpcload.slo;

import org.HdrHistogram.Histogram;

import java.util.OptionalDouble;

/** The value an SLO measures on a stretch of a run: exact, from its HdrHistograms and counts. */
public final class SloValue {

    private SloValue() {
    }

    /**
     * @return nanoseconds for a latency, a fraction for a ratio; empty when there is nothing to judge (no value of
     *         the latency, no settled message, nothing planned, no connect attempt)
     */
    public static OptionalDouble of(Slo slo, Measurement m) {
        if (slo.metric() == SloMetric.LATENCY) {
            Histogram h = m.latency(slo.latency(), slo.messageKind());
            if (h == null || h.getTotalCount() == 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(switch (slo.statistic()) {
                // the highest value equivalent to the percentile's within the histogram's precision: never flatters
                case PERCENTILE -> h.getValueAtPercentile(slo.percentile());
                case MAX -> h.getMaxValue();
                case MEAN -> h.getMean();
            });
        }
        if (slo.metric() == SloMetric.CONNECT_SUCCESS_RATIO) {
            return ratio(m.connectSucceeded(), m.connectAttempts());
        }
        if (slo.metric() == SloMetric.ACHIEVED_RATIO) {
            double planned = m.plannedMessages(slo.messageKind());
            // the plan's count is a rate integrated over time: below one message there is nothing to achieve
            return planned < 1 ? OptionalDouble.empty()
                : OptionalDouble.of(m.messages(slo.messageKind()).sent() / planned);
        }
        MessageCounts c = m.messages(slo.messageKind());
        long part = switch (slo.metric()) {
            case ERROR_RATIO -> c.failed();
            case TIMEOUT_RATIO -> c.timedOut();
            case DROP_RATIO -> c.dropped();
            case CONFIRMED_RATIO -> c.confirmed();
            default -> throw new IllegalStateException("not a message ratio: " + slo.metric());
        };
        return ratio(part, c.settled());
    }

    private static OptionalDouble ratio(long part, long whole) {
        return whole <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }
}
