package dev.kpcload;

/**
 * Bad input from the user: a file, a line or a flag that is not what was expected. Its message is one line,
 * ready to print as it is (for example {@code tokens.csv:7: duplicate token 'abc' (first on line 3)}), and the
 * command line turns it into exit code 2.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
