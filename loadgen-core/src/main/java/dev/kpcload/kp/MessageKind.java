package dev.kpcload.kp;

import java.util.Optional;

/**
 * The kinds of message a virtual meter sends (issue #7's message mix). Each kind is one extension resource
 * with its own topic, payload and confirmation.
 */
public enum MessageKind {
    /** EPMX metadata report {@code {"model":..,"mac":..}}; the same bytes every time, the reply is empty. */
    EPMX_UPDATE_KEYS("epmx-update-keys", Extensions.EPMX, Extensions.EPMX_UPDATE_KEYS, false),
    /** EPMX metadata read {@code {}}; the {@code /status} reply holds the metadata ({@link MetadataReplyCheck}). */
    EPMX_GET("epmx-get", Extensions.EPMX, Extensions.EPMX_GET, true),
    /** DCX telemetry batch, a JSON array of meter readings rendered per message ({@link DcxBatch}). */
    DCX_JSON("dcx-json", Extensions.DCX, Extensions.DCX_JSON, false);

    private static final MessageKind[] ALL = values();

    private final String tag;
    private final String extension;
    private final String resourcePath;
    private final boolean replyMatters;

    MessageKind(String tag, String extension, String resourcePath, boolean replyMatters) {
        this.tag = tag;
        this.extension = extension;
        this.resourcePath = resourcePath;
        this.replyMatters = replyMatters;
    }

    /** The name in profiles, flags and the {@code kind} metric label, e.g. {@code epmx-get}. */
    public String tag() {
        return tag;
    }

    /** The default extension instance name ({@code epmx}, {@code dcx}); a deployment may name it otherwise. */
    public String extension() {
        return extension;
    }

    /** The resource path after the token, e.g. {@code update/keys}. */
    public String resourcePath() {
        return resourcePath;
    }

    /**
     * Whether the message is only meaningful with a reply: a {@code get} without a request ID reads nothing, so
     * the mix should refuse it without confirmations by reply.
     */
    public boolean needsReply() {
        return replyMatters;
    }

    /** The request topic without request ID, on the default extension instance name. */
    public KpTopic topic(String appVersion, String token) {
        return topic(appVersion, extension, token);
    }

    /** The request topic without request ID, on a given extension instance name. */
    public KpTopic topic(String appVersion, String extensionInstance, String token) {
        return KpTopic.of(appVersion, extensionInstance, token, resourcePath);
    }

    /** The kind with this tag (exact, lower case), or empty: the caller words the error for its source. */
    public static Optional<MessageKind> parse(String tag) {
        for (MessageKind kind : ALL) {
            if (kind.tag.equals(tag)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The tags for an error message: {@code epmx-update-keys, epmx-get, dcx-json}. */
    public static String tags() {
        StringBuilder text = new StringBuilder();
        for (MessageKind kind : ALL) {
            text.append(text.length() == 0 ? "" : ", ").append(kind.tag);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return tag;
    }
}
