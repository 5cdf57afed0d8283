package dev.kpcload.kp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** The body of a 1/KP {@code /error} reply: exactly {@code {"statusCode": int, "reasonPhrase": string}}. */
public record KpErrorPayload(int statusCode, String reasonPhrase) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJsonBytes() {
        ObjectNode node = JSON.createObjectNode();
        node.put("statusCode", statusCode);
        node.put("reasonPhrase", reasonPhrase);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses an error payload; a payload that is not one gives status code 0 and the raw text as reason. */
    public static KpErrorPayload parse(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node != null && node.path("statusCode").canConvertToInt()) {
                return new KpErrorPayload(node.get("statusCode").intValue(), node.path("reasonPhrase").asText(""));
            }
        } catch (java.io.IOException e) {
            // fall through: a malformed error body is itself reported as data
        }
        return new KpErrorPayload(0, new String(payload, StandardCharsets.UTF_8));
    }
}
