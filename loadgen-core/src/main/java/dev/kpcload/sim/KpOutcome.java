package dev.kpcload.sim;

import dev.kpcload.kp.KpErrorPayload;

/**
 * What a 1/KP request came to: success with a reply payload (often empty), or an error status and reason.
 *
 * @param statusCode   200 for success, else the HTTP-style status of the {@code /error} reply
 * @param payload      the {@code /status} payload on success, null on error
 * @param reasonPhrase the error's reason, null on success
 */
record KpOutcome(int statusCode, byte[] payload, String reasonPhrase) {

    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int NOT_FOUND = 404;
    static final int SERVICE_UNAVAILABLE = 503;

    private static final byte[] EMPTY = new byte[0];
    private static final KpOutcome OK_EMPTY = new KpOutcome(OK, EMPTY, null);

    static KpOutcome ok() {
        return OK_EMPTY;
    }

    static KpOutcome ok(byte[] payload) {
        return new KpOutcome(OK, payload, null);
    }

    static KpOutcome error(int statusCode, String reasonPhrase) {
        return new KpOutcome(statusCode, null, reasonPhrase);
    }

    boolean isSuccess() {
        return reasonPhrase == null;
    }

    /** The bytes to publish: the payload on success, the error JSON otherwise. */
    byte[] replyPayload() {
        return isSuccess() ? payload : new KpErrorPayload(statusCode, reasonPhrase).toJsonBytes();
    }
}
