package dev.kpcload.slo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * A {@link Measurement} as JSON, exactly: its histograms in HdrHistogram's compressed encoding (Base64), its counts
 * as numbers. Shards of a capacity search send each step's measurement this way to the process that judges it.
 */
public final class MeasurementCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MeasurementCodec() {
    }

    public static ObjectNode encode(Measurement m) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode latencies = node.putObject("latencies");
        m.latencies().forEach((tag, h) -> {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            latencies.put(tag, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        });
        node.set("messages", JSON.valueToTree(m.messages(null)));
        ObjectNode kinds = node.putObject("messagesByKind");
        m.messagesByKind().forEach((k, c) -> kinds.set(k, JSON.valueToTree(c)));
        node.put("connectAttempts", m.connectAttempts());
        node.put("connectSucceeded", m.connectSucceeded());
        node.put("planned", m.plannedMessages(null));
        ObjectNode shares = node.putObject("kindShares");
        m.kindShares().forEach(shares::put);
        return node;
    }

    /** @throws IllegalArgumentException when the node is not an encoded measurement */
    public static Measurement decode(JsonNode node) {
        try {
            Measurement.Builder b = Measurement.builder();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("latencies").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byte[] bytes = Base64.getDecoder().decode(e.getValue().asText());
                b.addLatency(e.getKey(), Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
            }
            b.messages(JSON.treeToValue(node.get("messages"), MessageCounts.class));
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("messagesByKind").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.messages(e.getKey(), JSON.treeToValue(e.getValue(), MessageCounts.class));
            }
            b.connects(node.get("connectAttempts").asLong(), node.get("connectSucceeded").asLong());
            b.planned(node.get("planned").asDouble());
            Map<String, Double> shares = new LinkedHashMap<>();
            node.get("kindShares").fields().forEachRemaining(e -> shares.put(e.getKey(), e.getValue().asDouble()));
            b.kindShares(shares);
            return b.build();
        } catch (DataFormatException | java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded measurement: " + e.getMessage(), e);
        }
    }
}
