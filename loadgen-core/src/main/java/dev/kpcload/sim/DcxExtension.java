package dev.kpcload.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.atomic.LongAdder;

/** 2/DCP data collection (the DCX extension): validates and counts samples, stores nothing. */
final class DcxExtension implements KpExtension {

    static final String JSON_RESOURCE = "json";

    private final LongAdder samples;

    DcxExtension(LongAdder samples) {
        this.samples = samples;
    }

    @Override
    public KpOutcome handle(String token, String resourcePath, byte[] payload) {
        if (!JSON_RESOURCE.equals(resourcePath)) {
            return KpOutcome.error(KpOutcome.NOT_FOUND,
                    "unknown dcx resource '" + resourcePath + "' (expected json)");
        }
        try {
            samples.add(countSamples(JsonPayloads.parse(payload)));
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
}
