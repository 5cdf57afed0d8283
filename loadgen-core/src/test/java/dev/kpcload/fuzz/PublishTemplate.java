package dev.kpcload.fuzz;

import java.util.SplittableRandom;

/** A PUBLISH kept as its parts, so that a mutated topic or payload is still framed validly. */
public record PublishTemplate(String topic, int qos, byte[] payload) {

    /** This template encoded, with a packet ID drawn from {@code random} (0 now and then, which is invalid). */
    public byte[] encode(SplittableRandom random) {
        return MqttBytes.publish(topic, qos, packetId(random), payload);
    }

    /** The template with its payload or its topic (or both) mutated, then encoded validly. */
    public byte[] mutated(SplittableRandom random) {
        int what = random.nextInt(4);
        String t = what == 0 || what == 3 ? TopicMutator.mutate(topic, random) : topic;
        byte[] p = what >= 1 ? JsonMutator.mutate(payload, random) : payload;
        int q = random.nextInt(16) == 0 ? random.nextInt(3) : qos;
        return MqttBytes.publish(t, q, packetId(random), p);
    }

    private static int packetId(SplittableRandom random) {
        return random.nextInt(64) == 0 ? 0 : 1 + random.nextInt(65_535);
    }
}
