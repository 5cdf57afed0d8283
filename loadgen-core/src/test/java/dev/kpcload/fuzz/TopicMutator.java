package dev.kpcload.fuzz;

import java.util.SplittableRandom;

/** Seeded mutations of 1/KP topics at the level of their segments: the frame around them stays valid. */
public final class TopicMutator {

    private static final String[] SEGMENTS = {
        "", "kp1", "epmx", "dcx", "get", "keys", "update", "json", "status", "error", "#", "+", "00", "007",
        "2147483647", "2147483648", "99999999999", "-1", " ", "\u0000", "\u00e9", "\ud83d\ude00", "a/b", "..",
        "x".repeat(300)};

    /** The longest topic MQTT's two-byte length field can say. */
    static final int MAX_TOPIC_BYTES = 65_535;

    private TopicMutator() {
    }

    public static String mutate(String topic, SplittableRandom random) {
        String[] parts = topic.split("/", -1);
        int i = random.nextInt(parts.length);
        String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
        return switch (random.nextInt(7)) {
            case 0 -> join(parts, i, segment); // one segment replaced
            case 1 -> topic + "/" + segment; // one more segment
            case 2 -> topic.substring(0, random.nextInt(topic.length() + 1)); // cut short
            case 3 -> join(parts, i, parts[i] + segment); // a segment grown
            case 4 -> topic.replace('/', random.nextBoolean() ? '+' : '#'); // wildcards: never valid in PUBLISH
            case 5 -> join(parts, i, parts[i] + "x".repeat(Math.max(0, // near 65535 bytes: a reply topic is longer
                MAX_TOPIC_BYTES - topic.length() - random.nextInt(12))));
            default -> "x".repeat(random.nextInt(66_000)); // beyond 65535 bytes the length field cannot say it
        };
    }

    private static String join(String[] parts, int replace, String with) {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < parts.length; j++) {
            if (j > 0) {
                s.append('/');
            }
            s.append(j == replace ? with : parts[j]);
        }
        return s.toString();
    }
}
