package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stretch of a run measured, as SLOs are judged on it: the whole run (warm-up left out), one report interval,
 * one capacity step, or the sum of several shards. Exact: HdrHistograms and counts, which add up across windows and
 * processes (never percentiles averaged).
 *
 * <p>Latencies are keyed by the interval log's tags: {@code status} for every kind together, {@code status.dcx-json}
 * for one kind. Built once, then read; {@link #plus} makes a new one.
 */
public final class Measurement {

    private final Map<String, Histogram> latencies;
    private final MessageCounts messages;
    private final Map<String, MessageCounts> messagesByKind;
    private final long connectAttempts;
    private final long connectSucceeded;
    private final double plannedMessages;
    /** The share of the plan each kind has (its mix weight over the total): per-kind planned messages. */
    private final Map<String, Double> kindShares;

    private Measurement(Builder b) {
        this.latencies = Map.copyOf(b.latencies);
        this.messages = b.messages;
        this.messagesByKind = Map.copyOf(b.messagesByKind);
        this.connectAttempts = b.connectAttempts;
        this.connectSucceeded = b.connectSucceeded;
        this.plannedMessages = b.plannedMessages;
        this.kindShares = Map.copyOf(b.kindShares);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Nothing measured. */
    public static Measurement empty() {
        return builder().build();
    }

    /**
     * A latency's distribution (nanoseconds), of every kind or of one; null when none was recorded. A run of one
     * message kind has no per-kind tags: its only kind's values are the whole.
     */
    public Histogram latency(LatencyKind kind, String messageKind) {
        if (messageKind == null) {
            return latencies.get(kind.tag());
        }
        Histogram own = latencies.get(kind.tag() + "." + messageKind);
        if (own == null && kindShares.size() == 1 && kindShares.containsKey(messageKind)) {
            return latencies.get(kind.tag());
        }
        return own;
    }

    /** Every latency by tag. */
    public Map<String, Histogram> latencies() {
        return latencies;
    }

    /** The messages of every kind, or of one (none of a kind that is not in the mix). */
    public MessageCounts messages(String messageKind) {
        if (messageKind == null) {
            return messages;
        }
        MessageCounts own = messagesByKind.get(messageKind);
        if (own == null && kindShares.size() == 1 && kindShares.containsKey(messageKind)) {
            return messages;
        }
        return own == null ? MessageCounts.NONE : own;
    }

    public Map<String, MessageCounts> messagesByKind() {
        return messagesByKind;
    }

    public long connectAttempts() {
        return connectAttempts;
    }

    public long connectSucceeded() {
        return connectSucceeded;
    }

    /** The messages the plan intended in the stretch, of every kind or of one (by its share of the mix). */
    public double plannedMessages(String messageKind) {
        if (messageKind == null) {
            return plannedMessages;
        }
        Double share = kindShares.get(messageKind);
        return share == null ? 0 : plannedMessages * share;
    }

    public Map<String, Double> kindShares() {
        return kindShares;
    }

    /** This stretch with the plan's messages counted exactly (a step knows its rate and length). */
    public Measurement withPlanned(double messages) {
        Builder b = builder();
        latencies.forEach(b::addLatency);
        b.messages(this.messages);
        messagesByKind.forEach(b::messages);
        b.connects(connectAttempts, connectSucceeded);
        b.planned(messages);
        b.kindShares(kindShares);
        return b.build();
    }

    /** This and another stretch together (windows of one run, or shards of one fleet). */
    public Measurement plus(Measurement other) {
        Builder sum = builder();
        latencies.forEach(sum::addLatency);
        other.latencies.forEach(sum::addLatency);
        sum.messages(messages.plus(other.messages));
        Map<String, MessageCounts> kinds = new LinkedHashMap<>(messagesByKind);
        other.messagesByKind.forEach((k, v) -> kinds.merge(k, v, MessageCounts::plus));
        kinds.forEach(sum::messages);
        sum.connects(connectAttempts + other.connectAttempts, connectSucceeded + other.connectSucceeded);
        sum.planned(plannedMessages + other.plannedMessages);
        sum.kindShares(kindShares.isEmpty() ? other.kindShares : kindShares);
        return sum.build();
    }

    /** Builds a measurement; histograms given are copied (the caller's may be reused). */
    public static final class Builder {
        private final Map<String, Histogram> latencies = new HashMap<>();
        private MessageCounts messages = MessageCounts.NONE;
        private final Map<String, MessageCounts> messagesByKind = new HashMap<>();
        private long connectAttempts;
        private long connectSucceeded;
        private double plannedMessages;
        private Map<String, Double> kindShares = Map.of();

        private Builder() {
        }

        /** Adds a latency's values under its tag ({@code status}, {@code status.dcx-json}); empty ones are left out. */
        public Builder addLatency(String tag, Histogram values) {
            if (values != null && values.getTotalCount() > 0) {
                latencies.computeIfAbsent(tag, t -> LatencyRecorders.newHistogram()).add(values);
            }
            return this;
        }

        public Builder messages(MessageCounts all) {
            this.messages = all;
            return this;
        }

        public Builder messages(String messageKind, MessageCounts counts) {
            messagesByKind.put(messageKind, counts);
            return this;
        }

        public Builder connects(long attempts, long succeeded) {
            this.connectAttempts = attempts;
            this.connectSucceeded = succeeded;
            return this;
        }

        public Builder planned(double messages) {
            this.plannedMessages = messages;
            return this;
        }

        /** Each kind's share of the plan; their sum is 1. */
        public Builder kindShares(Map<String, Double> shares) {
            this.kindShares = new LinkedHashMap<>(shares);
            return this;
        }

        public Measurement build() {
            return new Measurement(this);
        }
    }
}
