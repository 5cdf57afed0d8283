package dev.kpcload.sim;

/** A request payload the extension cannot serve; becomes a 400 reply, so no stack trace is kept. */
final class BadRequestException extends Exception {
    BadRequestException(String reason) {
        super(reason, null, false, false);
    }
}
