package dev.kpcload.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** JSON parsing and validation shared by the extensions; every failure is a {@link BadRequestException}. */
final class JsonPayloads {

    /** Strict on purpose: the simulator exists to catch a load generator sending something KPC would refuse. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** As strict, with numbers kept exactly as written (DCX energy counters are compared digit for digit). */
    static final ObjectMapper EXACT_NUMBERS = JSON.copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    static final String KEY_RULE = "^[a-zA-Z0-9_]+$";
    private static final int MAX_REASON_DETAIL = 160;

    private JsonPayloads() {
    }

    /** Parses a non-empty payload. */
    static JsonNode parse(byte[] payload) throws BadRequestException {
        return parse(payload, JSON);
    }

    /** Parses a non-empty payload with one of this class's mappers. */
    static JsonNode parse(byte[] payload, ObjectMapper mapper) throws BadRequestException {
        if (payload.length == 0) {
            throw new BadRequestException("empty payload, expected JSON");
        }
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("payload is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequestException("payload is not readable JSON: " + oneLine(e.getMessage()));
        } catch (NumberFormatException e) {
            // Jackson's BigDecimal parsing (EXACT_NUMBERS) throws this, not a JsonProcessingException, for an
            // exponent beyond int range such as 1E2999999999
            throw new BadRequestException("payload holds a number out of range: " + oneLine(e.getMessage()));
        }
    }

    /** A JSON object with at least one property, all with valid metadata keys. */
    static ObjectNode metadataObject(byte[] payload) throws BadRequestException {
        JsonNode node = parse(payload);
        if (!node.isObject()) {
            throw new BadRequestException("expected a JSON object of metadata keys and values, got " + kind(node));
        }
        if (node.isEmpty()) {
            throw new BadRequestException("expected at least one metadata key, got an empty object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            checkKey(names.next());
        }
        return (ObjectNode) node;
    }

    /** The strings of a JSON array of metadata key names. */
    static List<String> keyNames(JsonNode node, String what) throws BadRequestException {
        if (!node.isArray()) {
            throw new BadRequestException(what + " must be a JSON array of key names, got " + kind(node));
        }
        List<String> keys = new ArrayList<>(node.size());
        for (JsonNode element : (ArrayNode) node) {
            if (!element.isTextual()) {
                throw new BadRequestException(what + " must hold only strings, got " + kind(element));
            }
            checkKey(element.textValue());
            keys.add(element.textValue());
        }
        return keys;
    }

    static void checkKey(String key) throws BadRequestException {
        if (!isValidKey(key)) {
            throw new BadRequestException("invalid metadata key '" + oneLine(key) + "': keys must match " + KEY_RULE);
        }
    }

    /** {@code ^[a-zA-Z0-9_]+$} without a regex on the hot path. */
    static boolean isValidKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // a tree we built ourselves always serializes; anything else is a bug worth surfacing
            throw new IllegalStateException("cannot serialize JSON reply", e);
        }
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reason phrases are one short line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_REASON_DETAIL ? line : line.substring(0, MAX_REASON_DETAIL) + "...";
    }
}
