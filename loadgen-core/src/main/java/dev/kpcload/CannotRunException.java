package dev.kpcload;

/** The command could not do its work (not the user's input): exit code 3 with this one-line message. */
public class CannotRunException extends RuntimeException {
    public CannotRunException(String message) {
        super(message, null, false, false);
    }
}
