package dev.kpcload.cli;

/** The command could not do its work (not the user's input): exit code 3 with this one-line message. */
final class CannotRunException extends RuntimeException {
    CannotRunException(String message) {
        super(message, null, false, false);
    }
}
