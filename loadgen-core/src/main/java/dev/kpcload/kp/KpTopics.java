package dev.kpcload.kp;

/** Parsing of 1/KP request and reply topics, the inverse of {@link KpTopic#render()}. */
public final class KpTopics {

    private KpTopics() {
    }

    /**
     * Parses a request topic. The resource path may span several levels ({@code update/keys}); a last level
     * of only digits is the request ID.
     */
    public static TopicParse parseRequest(String topic) {
        if (!topic.startsWith(KpTopic.PROTOCOL_PREFIX + "/")) {
            return TopicParse.fail("topic does not start with kp1/");
        }
        String[] levels = topic.split("/", -1);
        // kp1, app version, extension, token, at least one resource level
        if (levels.length < 5) {
            return TopicParse.fail("expected kp1/{appVersion}/{extension}/{token}/{resource}[/{requestId}]");
        }
        for (int i = 1; i < levels.length; i++) {
            if (levels[i].isEmpty()) {
                return TopicParse.fail("empty topic level " + i);
            }
        }
        String token = levels[3];
        if (!isValidToken(token)) {
            return TopicParse.fail("invalid endpoint token");
        }
        int resourceEnd = levels.length;
        long requestId = KpTopic.NO_REQUEST_ID;
        String last = levels[levels.length - 1];
        if (isAllDigits(last)) {
            requestId = parseRequestId(last);
            if (requestId < 0) {
                return TopicParse.fail("request ID out of range 0.." + KpTopic.MAX_REQUEST_ID + ": " + last);
            }
            resourceEnd--;
            if (resourceEnd < 5) {
                return TopicParse.fail("missing resource path before request ID");
            }
        }
        String resource = String.join("/", java.util.Arrays.copyOfRange(levels, 4, resourceEnd));
        return TopicParse.ok(new KpTopic(levels[1], levels[2], token, resource, requestId));
    }

    /** A reply topic: a request topic followed by {@code /status} or {@code /error}. */
    public static ReplyParse parseReply(String topic) {
        boolean success;
        String request;
        if (topic.endsWith(KpTopic.STATUS_SUFFIX)) {
            success = true;
            request = topic.substring(0, topic.length() - KpTopic.STATUS_SUFFIX.length());
        } else if (topic.endsWith(KpTopic.ERROR_SUFFIX)) {
            success = false;
            request = topic.substring(0, topic.length() - KpTopic.ERROR_SUFFIX.length());
        } else {
            return new ReplyParse(null, false, "not a reply topic (no /status or /error)");
        }
        TopicParse parsed = parseRequest(request);
        if (!parsed.isOk()) {
            return new ReplyParse(null, false, parsed.problem());
        }
        if (!parsed.topic().hasRequestId()) {
            return new ReplyParse(null, false, "reply topic without request ID");
        }
        return new ReplyParse(parsed.topic(), success, null);
    }

    /** The outcome of {@link #parseReply}: the request it answers and whether it succeeded. */
    public record ReplyParse(KpTopic request, boolean success, String problem) {
        public boolean isOk() {
            return request != null;
        }
    }

    /** An endpoint token is non-empty and holds no topic separator, wildcard, NUL or white space. */
    public static boolean isValidToken(String token) {
        return token != null && !token.isEmpty() && firstInvalidTokenChar(token) < 0;
    }

    /** The index of the first character a token may not contain, or -1. */
    public static int firstInvalidTokenChar(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '\0' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isAllDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses an all-digit request ID; -1 when it is above {@link KpTopic#MAX_REQUEST_ID}. */
    static long parseRequestId(String digits) {
        if (digits.length() > 10) {
            return -1;
        }
        long value = Long.parseLong(digits);
        return value > KpTopic.MAX_REQUEST_ID ? -1 : value;
    }
}
