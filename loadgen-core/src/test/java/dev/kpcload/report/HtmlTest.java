package dev.kpcload.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlTest {

    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", Html.esc("<script>alert(\"x\")</script>"));
        assertEquals("a &amp; b &#39;c&#39;", Html.esc("a & b 'c'"));
        assertEquals("null", Html.esc(null));
        assertEquals("bell\uFFFD", Html.esc("bell\u0007"));
    }

    @Test
    void formatsNumbersForPeople() {
        assertEquals("1,234,567", Html.count(1_234_567));
        assertEquals("0.652", Html.ms(0.652));
        assertEquals("0.0123", Html.ms(0.0123));
        assertEquals("12.3", Html.ms(12.34));
        assertEquals("1,234", Html.ms(1234.4));
        assertEquals("0", Html.ms(0));
        assertEquals("\u2014", Html.ms(Double.NaN));
        assertEquals("0.0003 %", Html.percent(3, 1_000_000));
        assertEquals("50.0 %", Html.percent(1, 2));
        assertEquals("", Html.percent(1, 0));
        assertEquals("1.5 MiB", Html.bytes(1536 * 1024));
    }

    @Test
    void configValuesAreReadable() {
        assertEquals("a:1, b:2", Html.configValue(List.of("a:1", "b:2")));
        assertEquals("\u2014", Html.configValue(null));
        assertEquals("[1, 2]", Html.configValue(Arrays.toString(new int[] {1, 2})));
    }
}
