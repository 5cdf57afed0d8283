package dev.kpcload.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpcload.kp.DcxBatchFormat;

import java.math.BigDecimal;
import java.util.concurrent.atomic.LongAdder;

/**
 * 2/DCP data collection (the DCX extension): validates samples, counts them, and keeps per endpoint the last
 * timestamp and energy counter and how often that counter went down ({@link DcxStore}).
 */
final class DcxExtension implements KpExtension {

    static final String JSON_RESOURCE = "json";

    private final DcxStore store;
    private final LongAdder samples;
    private final LongAdder energyDecreases;

    DcxExtension(DcxStore store, LongAdder samples, LongAdder energyDecreases) {
        this.store = store;
        this.samples = samples;
        this.energyDecreases = energyDecreases;
    }

    @Override
    public KpOutcome handle(String token, String resourcePath, byte[] payload) {
        if (!JSON_RESOURCE.equals(resourcePath)) {
            return KpOutcome.error(KpOutcome.NOT_FOUND,
                    "unknown dcx resource '" + resourcePath + "' (expected json)");
        }
        try {
            JsonNode node = JsonPayloads.parse(payload, JsonPayloads.EXACT_NUMBERS);
            int count = countSamples(node);
            samples.add(count);
            energyDecreases.add(store.add(token, summarize(node, count)));
            return KpOutcome.ok();
        } catch (BadRequestException e) {
            return KpOutcome.error(KpOutcome.BAD_REQUEST, "json: " + e.getMessage());
        }
    }

    /** A top-level array is a batch of objects; a single object (Kaa 1.3+) is one sample. */
    static int countSamples(JsonNode node) throws BadRequestException {
        if (node.isObject()) {
            return 1;
        }
        if (!node.isArray()) {
            throw new BadRequestException("expected a JSON array of samples or one sample object, got "
                    + JsonPayloads.kind(node));
        }
        if (node.isEmpty()) {
            throw new BadRequestException("expected at least one sample, got an empty array");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw new BadRequestException("sample " + i + " is not a JSON object but "
                        + JsonPayloads.kind(node.get(i)));
            }
        }
        return node.size();
    }

    /** The samples of a valid payload, in order, reduced to what {@link DcxSeries} keeps. */
    static DcxSeries.Batch summarize(JsonNode node, int count) {
        long lastTimestamp = DcxSeries.NO_TIMESTAMP;
        BigDecimal first = null;
        BigDecimal last = null;
        long decreases = 0;
        for (int i = 0; i < count; i++) {
            JsonNode sample = node.isArray() ? node.get(i) : node;
            JsonNode timestamp = sample.get(DcxBatchFormat.TIMESTAMP_KEY);
            if (timestamp != null && timestamp.isIntegralNumber() && timestamp.canConvertToLong()) {
                lastTimestamp = timestamp.longValue();
            }
            JsonNode energy = sample.get(DcxBatchFormat.ENERGY_KEY);
            if (energy != null && energy.isNumber()) {
                BigDecimal kwh = energy.decimalValue();
                if (first == null) {
                    first = kwh;
                } else if (kwh.compareTo(last) < 0) {
                    decreases++;
                }
                last = kwh;
            }
        }
        return new DcxSeries.Batch(count, lastTimestamp, first, last, decreases);
    }
}
