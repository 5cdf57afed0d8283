package dev.kpcload.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** 10/EPMP endpoint metadata (the EPMX extension) on a {@link MetadataStore}. */
final class EpmxExtension implements KpExtension {

    static final String UPDATE_KEYS = "update/keys";
    static final String UPDATE = "update";
    static final String DELETE_KEYS = "delete/keys";
    static final String GET = "get";
    static final String GET_KEYS = "get/keys";

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MetadataStore store;

    EpmxExtension(MetadataStore store) {
        this.store = store;
    }

    @Override
    public KpOutcome handle(String token, String resourcePath, byte[] payload) {
        try {
            switch (resourcePath) {
                case UPDATE_KEYS:
                    store.merge(token, JsonPayloads.metadataObject(payload));
                    return KpOutcome.ok();
                case UPDATE:
                    store.replace(token, JsonPayloads.metadataObject(payload));
                    return KpOutcome.ok();
                case DELETE_KEYS:
                    store.deleteKeys(token, keysToDelete(payload));
                    return KpOutcome.ok();
                case GET:
                    return KpOutcome.ok(get(token, payload));
                case GET_KEYS:
                    return KpOutcome.ok(getKeys(token, payload));
                default:
                    return KpOutcome.error(KpOutcome.NOT_FOUND, "unknown epmx resource '" + resourcePath
                            + "' (expected update/keys, update, delete/keys, get or get/keys)");
            }
        } catch (BadRequestException e) {
            return KpOutcome.error(KpOutcome.BAD_REQUEST, resourcePath + ": " + e.getMessage());
        }
    }

    private static List<String> keysToDelete(byte[] payload) throws BadRequestException {
        List<String> keys = JsonPayloads.keyNames(JsonPayloads.parse(payload), "the payload");
        if (keys.isEmpty()) {
            throw new BadRequestException("expected at least one key name to delete, got an empty array");
        }
        return keys;
    }

    /** Payload empty, {@code {}} or {@code {"keys":[...]}}; replies with the (selected) metadata object. */
    private byte[] get(String token, byte[] payload) throws BadRequestException {
        List<String> selected = null;
        if (payload.length > 0) {
            JsonNode request = JsonPayloads.parse(payload);
            if (!request.isObject()) {
                throw new BadRequestException("expected {} or {\"keys\":[...]}, got " + JsonPayloads.kind(request));
            }
            for (Map.Entry<String, JsonNode> field : request.properties()) {
                if (!"keys".equals(field.getKey())) {
                    throw new BadRequestException("unexpected property '" + JsonPayloads.oneLine(field.getKey())
                            + "', expected only \"keys\"");
                }
                selected = JsonPayloads.keyNames(field.getValue(), "\"keys\"");
            }
        }
        ObjectNode metadata = store.current(token);
        if (metadata == null) {
            return EMPTY_OBJECT;
        }
        if (selected == null) {
            return JsonPayloads.toBytes(metadata);
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        for (String key : selected) {
            JsonNode value = metadata.get(key);
            if (value != null) {
                reply.set(key, value);
            }
        }
        return JsonPayloads.toBytes(reply);
    }

    /** Payload empty or {@code []}; replies with the array of key names. */
    private byte[] getKeys(String token, byte[] payload) throws BadRequestException {
        if (payload.length > 0) {
            JsonNode request = JsonPayloads.parse(payload);
            if (!request.isArray() || !request.isEmpty()) {
                throw new BadRequestException("expected an empty payload or [], got " + JsonPayloads.kind(request)
                        + (request.isArray() ? " with elements" : ""));
            }
        }
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        ObjectNode metadata = store.current(token);
        if (metadata != null) {
            metadata.fieldNames().forEachRemaining(names::add);
        }
        return JsonPayloads.toBytes(names);
    }
}
