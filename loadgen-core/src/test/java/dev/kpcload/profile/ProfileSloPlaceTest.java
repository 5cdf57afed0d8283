package dev.kpcload.profile;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malformed objective in a profile's {@code slo:} list is reported at the column of the offending character in
 * the file, however the list item is written: plain, double- or single-quoted, in a block or a flow list. The
 * profile reader checks each objective itself, so that a bad one is refused with the file even when {@code --slo}
 * replaces the list.
 */
class ProfileSloPlaceTest {

    private static final Pattern PLACE = Pattern.compile("p\\.yaml:(\\d+):(\\d+): slo '(.*)': (.*)");

    /** Each line's unknown unit {@code xs} is the problem; the reported column must point at its {@code x}. */
    @ParameterizedTest
    @ValueSource(strings = {
        "  - p99(status) < 250xs",
        "  - \"p99(status) < 250xs\"",
        "  - 'p99(status) < 250xs'",
        "  -   p99(status) <   250xs",
        "  - \"  p99(status) < 250xs\"",
        "  - 'p99(status{kind=\"dcx-json\"}) < 250xs'",
        "  - p99(status) < 250ms for 2s abort\n  - max(connect) < 1xs",
        "  - \"p99(status) < 250ms\"\n  - \"max(connect) < 1xs\"",
        "slo: [\"p99(status) < 1s\", 'max(connect) < 1xs']",
        "slo: [p99(status) < 1s, max(connect) < 1xs]"})
    void theColumnIsOfTheOffendingCharacter(String items) {
        String text = "publish: {rate: 100/s, duration: 1s}\n" + (items.startsWith("slo:") ? "" : "slo:\n")
            + items + "\n";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.parse(text, "p.yaml"));
        Matcher m = PLACE.matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertTrue(m.group(4).startsWith("unknown unit 'xs'"), e.getMessage());
        String line = text.split("\n")[Integer.parseInt(m.group(1)) - 1];
        int column = Integer.parseInt(m.group(2));
        assertEquals("xs", line.substring(column - 1, column + 1), e.getMessage() + "\n" + line);
    }

    /** A problem at the expression's first character is at the first character of the text, past the quote. */
    @ParameterizedTest
    @ValueSource(strings = {"  - q99(status) < 1s", "  - \"q99(status) < 1s\"", "  - 'q99(status) < 1s'"})
    void aProblemAtTheStartIsAtTheTextNotTheQuote(String item) {
        String text = "slo:\n" + item + "\n";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.parse(text, "p.yaml"));
        int column = item.indexOf('q') + 1;
        assertTrue(e.getMessage().startsWith("p.yaml:2:" + column + ": slo 'q99(status) < 1s': unknown statistic 'q99'"),
            e.getMessage());
    }
}
