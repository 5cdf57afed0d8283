package dev.kpcload.kp;

import java.util.Objects;

/**
 * A 1/KP request topic: {@code kp1/{appVersion}/{extension}/{token}/{resourcePath}[/{requestId}]}.
 *
 * <p>When the last level is all digits it is the request ID, not part of the resource path, so
 * {@code get/keys} is resource {@code get/keys} without ID, {@code get/5} is resource {@code get} with ID 5.
 *
 * @param requestId the request ID, or {@link #NO_REQUEST_ID} when the request expects no reply
 */
public record KpTopic(String appVersion, String extension, String token, String resourcePath, long requestId) {

    public static final String PROTOCOL_PREFIX = "kp1";
    public static final long NO_REQUEST_ID = -1;
    public static final long MAX_REQUEST_ID = Integer.MAX_VALUE;
    public static final String STATUS_SUFFIX = "/status";
    public static final String ERROR_SUFFIX = "/error";

    public KpTopic {
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(resourcePath, "resourcePath");
        if (requestId < NO_REQUEST_ID || requestId > MAX_REQUEST_ID) {
            throw new IllegalArgumentException("request ID out of range 0.." + MAX_REQUEST_ID + ": " + requestId);
        }
    }

    public static KpTopic of(String appVersion, String extension, String token, String resourcePath) {
        return new KpTopic(appVersion, extension, token, resourcePath, NO_REQUEST_ID);
    }

    public KpTopic withRequestId(long id) {
        return new KpTopic(appVersion, extension, token, resourcePath, id);
    }

    public boolean hasRequestId() {
        return requestId != NO_REQUEST_ID;
    }

    /** The topic without the request ID: everything a device's requests to one resource share. */
    public String baseTopic() {
        return PROTOCOL_PREFIX + '/' + appVersion + '/' + extension + '/' + token + '/' + resourcePath;
    }

    /** The topic as sent on the wire. */
    public String render() {
        return hasRequestId() ? baseTopic() + '/' + requestId : baseTopic();
    }

    /** Where the server publishes a successful reply to this request. */
    public String statusTopic() {
        return render() + STATUS_SUFFIX;
    }

    /** Where the server publishes a failed reply to this request. */
    public String errorTopic() {
        return render() + ERROR_SUFFIX;
    }

    @Override
    public String toString() {
        return render();
    }
}
