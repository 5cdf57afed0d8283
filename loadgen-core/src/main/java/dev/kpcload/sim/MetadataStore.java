package dev.kpcload.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EPMX endpoint metadata the simulator holds, per endpoint token, keys in insertion order.
 *
 * <p>Copy-on-write: a node in the map is never changed after it was put there, so any event loop (or a test)
 * may read and serialize it without a lock while another loop updates the same token.
 */
public final class MetadataStore {

    private final ConcurrentHashMap<String, ObjectNode> byToken = new ConcurrentHashMap<>();

    /** A copy of the token's metadata; empty when the endpoint never reported any. */
    public Optional<ObjectNode> get(String token) {
        ObjectNode node = byToken.get(token);
        return node == null ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /** Number of endpoints with metadata (possibly empty after deletes). */
    public int size() {
        return byToken.size();
    }

    /** Forgets everything. */
    public void clear() {
        byToken.clear();
    }

    /** The stored node itself, or null: callers must not modify it. */
    ObjectNode current(String token) {
        return byToken.get(token);
    }

    /** Adds or overwrites the given keys; the caller hands over {@code properties}. */
    void merge(String token, ObjectNode properties) {
        byToken.compute(token, (t, old) -> {
            if (old == null) {
                return properties;
            }
            ObjectNode merged = old.deepCopy();
            merged.setAll(properties);
            return merged;
        });
    }

    /** Replaces all metadata of the token; the caller hands over {@code properties}. */
    void replace(String token, ObjectNode properties) {
        byToken.put(token, properties);
    }

    /** Removes the given keys; keys the endpoint does not have are ignored. */
    void deleteKeys(String token, Collection<String> keys) {
        byToken.computeIfPresent(token, (t, old) -> {
            ObjectNode left = old.deepCopy();
            left.remove(keys);
            return left;
        });
    }

    static ObjectNode emptyNode() {
        return JsonNodeFactory.instance.objectNode();
    }
}
