package dev.kpcload.client;

import dev.kpcload.kp.KpTopic;

/**
 * Reads a device's 1/KP reply topics ({@code <request topic prefix><id>/status} or {@code .../error}) on the
 * hot path: no splitting, no allocation, only the request ID and whether it succeeded.
 *
 * @param replyPrefix the device's request topic up to and including the {@code /} before the request ID
 */
record ReplyTopicMatcher(String replyPrefix) {

    static final long NOT_A_REPLY = -1;

    /** The request ID a reply answers, or {@link #NOT_A_REPLY} when the topic is no reply to this device. */
    long requestId(String topic) {
        int suffix = topic.endsWith(KpTopic.STATUS_SUFFIX) ? KpTopic.STATUS_SUFFIX.length()
            : topic.endsWith(KpTopic.ERROR_SUFFIX) ? KpTopic.ERROR_SUFFIX.length() : -1;
        return suffix < 0 || !topic.startsWith(replyPrefix) ? NOT_A_REPLY
            : parseDigits(topic, replyPrefix.length(), topic.length() - suffix);
    }

    static boolean isSuccess(String topic) {
        return topic.endsWith(KpTopic.STATUS_SUFFIX);
    }

    /** Parses decimal digits in {@code s[from, to)}; -1 if empty, not digits, or above int range. */
    static long parseDigits(String s, int from, int to) {
        if (to <= from || to - from > 10) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : value;
    }
}
