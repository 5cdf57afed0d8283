package dev.kpcload.slo;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ProfileFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every form of an SLO expression, and every way to get one wrong, with the one-line message and its column. */
class SloParserTest {

    private static final String LATENCIES = "connect, tcp_connect, tls_handshake, puback, status, service, send_lag, reconnect";
    private static final String KINDS = "epmx-update-keys, epmx-get, dcx-json";
    private static final String RATIOS = "error_ratio, timeout_ratio, drop_ratio, confirmed_ratio, achieved_ratio,"
        + " connect_success_ratio";

    static Slo parse(String text) {
        return SloParser.parse(text, "--slo");
    }

    /** The message for a bad expression given with the flag. */
    static String error(String text) {
        return assertThrows(InvalidInputException.class, () -> parse(text)).getMessage();
    }

    static String flagError(String text, int column, String what) {
        return "--slo '" + text.strip() + "': column " + column + ": " + what;
    }

    // ---- the forms

    @Test
    void aPercentileOfALatency() {
        Slo slo = parse("p99(status) < 250ms");
        assertEquals(SloMetric.LATENCY, slo.metric());
        assertEquals(LatencyKind.STATUS, slo.latency());
        assertEquals(Statistic.PERCENTILE, slo.statistic());
        assertEquals(99.0, slo.percentile());
        assertEquals(Comparison.LESS, slo.comparison());
        assertEquals(250e6, slo.threshold());
        assertNull(slo.messageKind());
        assertFalse(slo.sustained());
        assertEquals(0, slo.sustainedNanos());
        assertFalse(slo.abort());
        assertEquals("p99(status) < 250ms", slo.text());
        assertEquals("--slo", slo.where());
        assertEquals("p99(status)", slo.measureName());
    }

    @ParameterizedTest
    @CsvSource({"p50, 50", "p90, 90", "p99, 99", "p99.9, 99.9", "p99.99, 99.99", "p0.1, 0.1", "p99.999, 99.999",
        "median, 50"})
    void percentiles(String stat, double percentile) {
        Slo slo = parse(stat + "(puback) < 1s");
        assertEquals(Statistic.PERCENTILE, slo.statistic());
        assertEquals(percentile, slo.percentile());
        assertEquals(LatencyKind.PUBACK, slo.latency());
    }

    @Test
    void percentileNamesInMeasureName() {
        assertEquals("p99.9(status)", parse("p99.9(status) < 1s").measureName());
        assertEquals("p50(status)", parse("median(status) < 1s").measureName());
        assertEquals("max(connect)", parse("max(connect) < 10s").measureName());
        assertEquals("mean(service{kind=dcx-json})", parse("avg(service{kind=dcx-json}) < 10s").measureName());
        assertEquals("error_ratio{kind=epmx-get}", parse("error_ratio{kind=epmx-get} < 1%").measureName());
    }

    @ParameterizedTest
    @CsvSource({"max, MAX", "mean, MEAN", "avg, MEAN"})
    void maxAndMean(String stat, Statistic expected) {
        Slo slo = parse(stat + "(connect) < 10s");
        assertEquals(expected, slo.statistic());
        assertEquals(LatencyKind.CONNECT, slo.latency());
        assertEquals(10e9, slo.threshold());
    }

    @ParameterizedTest
    @EnumSource(LatencyKind.class)
    void everyLatencyByItsTag(LatencyKind kind) {
        assertEquals(kind, parse("p99(" + kind.tag() + ") < 1s").latency());
    }

    @ParameterizedTest
    @ValueSource(strings = {"puback", "status", "service", "send_lag"})
    void aMessageLatencyNarrowedToOneKind(String latency) {
        assertEquals("dcx-json", parse("p99.9(" + latency + "{kind=dcx-json}) < 1s").messageKind());
        assertEquals("epmx-get", parse("p99.9(" + latency + "{kind=\"epmx-get\"}) < 1s").messageKind());
        assertEquals("epmx-update-keys",
            parse("p99.9( " + latency + " { kind = \"epmx-update-keys\" } ) < 1s").messageKind());
    }

    @ParameterizedTest
    @CsvSource({"error_ratio, ERROR_RATIO", "timeout_ratio, TIMEOUT_RATIO", "drop_ratio, DROP_RATIO",
        "confirmed_ratio, CONFIRMED_RATIO", "achieved_ratio, ACHIEVED_RATIO",
        "connect_success_ratio, CONNECT_SUCCESS_RATIO"})
    void everyRatio(String name, SloMetric metric) {
        Slo slo = parse(name + " >= 0.5");
        assertEquals(metric, slo.metric());
        assertTrue(slo.metric().isRatio());
        assertNull(slo.latency());
        assertNull(slo.statistic());
        assertEquals(0.5, slo.threshold());
        assertEquals(name, slo.measureName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"error_ratio", "timeout_ratio", "drop_ratio", "confirmed_ratio", "achieved_ratio"})
    void aMessageRatioNarrowedToOneKind(String ratio) {
        assertEquals("dcx-json", parse(ratio + "{kind=dcx-json} < 1%").messageKind());
        assertEquals("epmx-get", parse(ratio + " {kind=\"epmx-get\"}<1%").messageKind());
    }

    @ParameterizedTest
    @CsvSource({"<, LESS", "<=, LESS_OR_EQUAL", ">, GREATER", ">=, GREATER_OR_EQUAL"})
    void comparisons(String symbol, Comparison comparison) {
        assertEquals(comparison, parse("p99(status) " + symbol + " 1ms").comparison());
        assertEquals(comparison, parse("p99(status)" + symbol + "1ms").comparison());
        assertEquals(comparison, parse("achieved_ratio" + symbol + "99%").comparison());
    }

    @ParameterizedTest
    @CsvSource({"1500ns, 1500", "250us, 250000", "250µs, 250000", "250ms, 250000000", "1.5s, 1500000000",
        "2m, 120000000000", "2min, 120000000000", "0.5ms, 500000", ".5ms, 500000", "0ms, 0", "1s, 1000000000",
        // exact in decimal, not 1000.9999999999999 or 2.0049999999999997E6
        "1.001us, 1001", "2.005ms, 2005000", "4.35ms, 4350000"})
    void latencyThresholdsInNanoseconds(String threshold, double nanos) {
        assertEquals(nanos, parse("p99(status) < " + threshold).threshold());
    }

    @ParameterizedTest
    @CsvSource({"0.1%, 0.001", "1%, 0.01", "99.9%, 0.999", "100%, 1", "0%, 0", "0.001, 0.001", "1, 1", "0, 0",
        ".5, 0.5", "0.999, 0.999",
        // exact in decimal: 0.7 / 100 in doubles is 0.006999999999999999, 1.1 / 100 is 0.011000000000000001
        "0.7%, 0.007", "1.1%, 0.011", "0.07%, 0.0007"})
    void ratioThresholdsAsFractions(String threshold, double fraction) {
        assertEquals(fraction, parse("error_ratio < " + threshold).threshold());
    }

    @Test
    void aThresholdHoldsAtTheEdgeAsItsComparisonSays() {
        // 7 failures in 1000 settled messages are 0.7 %
        assertTrue(parse("error_ratio <= 0.7%").holds(7 / 1000.0));
        assertFalse(parse("error_ratio < 0.7%").holds(7 / 1000.0));
        assertFalse(parse("error_ratio < 1.1%").holds(11 / 1000.0));
        assertFalse(parse("max(status) < 1.001us").holds(1001));
        assertTrue(parse("max(status) <= 1.001us").holds(1001));
        assertTrue(parse("confirmed_ratio >= 99.3%").holds(993 / 1000.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p99(status) < 250ms for 30s | 30000000000 | false",
        "p99(status) < 250ms abort | 0 | true",
        "p99(status) < 250ms for 30s abort | 30000000000 | true",
        "p99(status) < 250ms abort for 30s | 30000000000 | true",
        "p99(status) < 250ms for 1m30s | 90000000000 | false",
        "p99(status) < 250ms for 500ms | 500000000 | false",
        "error_ratio < 1% for 2m abort | 120000000000 | true",
        "error_ratio < 1%for 2m | 120000000000 | false",
        "p99(status) < 250ms    for   30s   abort | 30000000000 | true"})
    void sustainedAndAbort(String text, long sustainedNanos, boolean abort) {
        Slo slo = parse(text);
        assertEquals(sustainedNanos, slo.sustainedNanos());
        assertEquals(sustainedNanos > 0, slo.sustained());
        assertEquals(abort, slo.abort());
    }

    @Test
    void whitespaceAnywhereBetweenTokens() {
        Slo spaced = parse("  p99.9 ( status { kind = dcx-json } )  <=  250ms  for  30s  abort  ");
        Slo tight = parse("p99.9(status{kind=dcx-json})<=250ms for 30s abort");
        Slo tabs = parse("\tp99.9(status{kind=\"dcx-json\"})\t<=\t250ms\tfor\t30s\tabort\n");
        for (Slo slo : List.of(spaced, tight, tabs)) {
            assertEquals(99.9, slo.percentile());
            assertEquals(LatencyKind.STATUS, slo.latency());
            assertEquals("dcx-json", slo.messageKind());
            assertEquals(Comparison.LESS_OR_EQUAL, slo.comparison());
            assertEquals(250e6, slo.threshold());
            assertEquals(30_000_000_000L, slo.sustainedNanos());
            assertTrue(slo.abort());
        }
        assertEquals("p99.9 ( status { kind = dcx-json } )  <=  250ms  for  30s  abort", spaced.text(),
            "kept as written, without the spaces around");
    }

    @Test
    void parseAllKeepsEachPlace() {
        List<Slo> slos = SloParser.parseAll(List.of(Sourced.of("p99(status) < 1s", "--slo"),
            Sourced.of("error_ratio < 1%", "profiles/soak.yaml:12:5")));
        assertEquals(2, slos.size());
        assertEquals("--slo", slos.get(0).where());
        assertEquals("profiles/soak.yaml:12:5", slos.get(1).where());
        assertEquals(SloMetric.ERROR_RATIO, SloParser.parse(Sourced.of("error_ratio < 1%", "--slo")).metric());
    }

    // ---- the errors, from a flag: the column in the expression

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void empty(String text) {
        assertEquals("--slo: empty SLO; expected an expression like 'p99(status) < 250ms'", error(text));
    }

    @Test
    void unknownStatistic() {
        assertEquals(flagError("p9x(status) < 1ms", 1,
            "unknown statistic 'p9x'; expected pNN (p50, p99, p99.9), median, max or mean"), error("p9x(status) < 1ms"));
        assertEquals(flagError("min(status) < 1ms", 1,
            "unknown statistic 'min'; expected pNN (p50, p99, p99.9), median, max or mean"), error("min(status) < 1ms"));
        assertEquals(flagError("p99.9.9(status) < 1ms", 1,
                "unknown statistic 'p99.9.9'; expected pNN (p50, p99, p99.9), median, max or mean"),
            error("p99.9.9(status) < 1ms"));
        assertEquals(flagError("  P99(status) < 1ms", 1,
            "unknown statistic 'P99'; expected pNN (p50, p99, p99.9), median, max or mean"), error("  P99(status) < 1ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p0", "p100", "p100.0", "p0.0", "p250"})
    void percentileOutOfRange(String stat) {
        String text = "p99(status) < 1ms for 1s".replace("p99", stat);
        assertEquals(flagError(text, 1, "percentile " + stat.substring(1) + " is out of range; expected above 0 and"
            + " below 100 (max(...) for the largest value)"), error(text));
    }

    @Test
    void aStatisticWithoutParenthesis() {
        assertEquals(flagError("p99 < 1ms", 1, "expected '(' and a latency after 'p99'"), error("p99 < 1ms"));
        assertEquals(flagError("max status < 1ms", 1, "expected '(' and a latency after 'max'"),
            error("max status < 1ms"));
    }

    @Test
    void unknownMeasure() {
        assertEquals(flagError("err_ratio < 1%", 1, "unknown measure 'err_ratio'; expected a latency statistic like"
            + " p99(status) or a ratio (" + RATIOS + ")"), error("err_ratio < 1%"));
        assertEquals(flagError("< 1%", 1, "expected a latency statistic (p99, max, mean) or a ratio (" + RATIOS
            + "), got '<'"), error("< 1%"));
    }

    @Test
    void unknownOrMissingLatency() {
        assertEquals(flagError("p99(stat) < 1ms", 5, "unknown latency 'stat'; expected one of " + LATENCIES),
            error("p99(stat) < 1ms"));
        assertEquals(flagError("p99( ) < 1ms", 6, "expected a latency name (" + LATENCIES + "), got ')'"),
            error("p99( ) < 1ms"));
        assertEquals(flagError("p99(", 5, "expected a latency name (" + LATENCIES + "), got the end of the expression"),
            error("p99("));
    }

    @Test
    void unknownKindLabelOrMissingKind() {
        assertEquals(flagError("p99(status{kind=dcx}) < 1ms", 17,
            "unknown message kind 'dcx'; expected one of " + KINDS), error("p99(status{kind=dcx}) < 1ms"));
        assertEquals(flagError("p99(status{kind=\"dcx\"}) < 1ms", 18,
            "unknown message kind 'dcx'; expected one of " + KINDS), error("p99(status{kind=\"dcx\"}) < 1ms"));
        assertEquals(flagError("error_ratio{kind=DCX-JSON} < 1%", 18,
            "unknown message kind 'DCX-JSON'; expected one of " + KINDS), error("error_ratio{kind=DCX-JSON} < 1%"));
        assertEquals(flagError("p99(status{type=dcx-json}) < 1ms", 12,
            "unknown label 'type'; expected {kind=MESSAGE_KIND}"), error("p99(status{type=dcx-json}) < 1ms"));
        assertEquals(flagError("p99(status{kind=}) < 1ms", 17, "expected a message kind (" + KINDS + ")"),
            error("p99(status{kind=}) < 1ms"));
        assertEquals(flagError("p99(status{kind dcx-json}) < 1ms", 17, "expected '=', got 'd'"),
            error("p99(status{kind dcx-json}) < 1ms"));
        assertEquals(flagError("p99(status{}) < 1ms", 12, "expected 'kind', got '}'"), error("p99(status{}) < 1ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "tcp_connect", "reconnect"})
    void aKindOnAConnectionLatency(String latency) {
        String text = "p99(" + latency + "{kind=dcx-json}) < 1s";
        assertEquals(flagError(text, 5 + latency.length(),
            "'" + latency + "' belongs to connections, not messages: it has no {kind=...}"), error(text));
    }

    @Test
    void aKindOnTheConnectSuccessRatio() {
        assertEquals(flagError("connect_success_ratio{kind=dcx-json} >= 99%", 22,
                "'connect_success_ratio' belongs to connections, not messages: it has no {kind=...}"),
            error("connect_success_ratio{kind=dcx-json} >= 99%"));
    }

    @Test
    void missingParenthesisBraceOrQuote() {
        assertEquals(flagError("p99(status < 1ms", 12, "expected ')', got '<'"), error("p99(status < 1ms"));
        assertEquals(flagError("p99(status", 11, "expected ')', got the end of the expression"), error("p99(status"));
        assertEquals(flagError("p99(status{kind=dcx-json) < 1ms", 25, "expected '}', got ')'"),
            error("p99(status{kind=dcx-json) < 1ms"));
        assertEquals(flagError("p99(status{kind=\"dcx-json}) < 1ms", 26, "expected a closing '\"', got '}'"),
            error("p99(status{kind=\"dcx-json}) < 1ms"));
        assertEquals(flagError("error_ratio{kind=dcx-json < 1%", 27, "expected '}', got '<'"),
            error("error_ratio{kind=dcx-json < 1%"));
    }

    @Test
    void missingComparison() {
        assertEquals(flagError("p99(status) 250ms", 13, "expected a comparison (<, <=, >, >=), got '2'"),
            error("p99(status) 250ms"));
        assertEquals(flagError("p99(status) = 250ms", 13, "expected a comparison (<, <=, >, >=), got '='"),
            error("p99(status) = 250ms"));
        assertEquals(flagError("p99(status)", 12, "expected a comparison (<, <=, >, >=), got the end of the expression"),
            error("p99(status)"));
        assertEquals(flagError("error_ratio", 12, "expected a comparison (<, <=, >, >=), got the end of the expression"),
            error("error_ratio"));
    }

    @Test
    void missingThreshold() {
        assertEquals(flagError("p99(status) <", 14, "expected a duration like 250ms, got the end of the expression"),
            error("p99(status) <"));
        assertEquals(flagError("p99(status) < ms", 15, "expected a duration like 250ms, got 'm'"),
            error("p99(status) < ms"));
        assertEquals(flagError("p99(status) < -1ms", 15, "expected a duration like 250ms, got '-'"),
            error("p99(status) < -1ms"));
        assertEquals(flagError("p99(status) =< 1ms", 13, "expected a comparison (<, <=, >, >=), got '='"),
            error("p99(status) =< 1ms"));
        assertEquals(flagError("error_ratio <=", 15, "expected a ratio like 0.1% or 0.001, got the end of the expression"),
            error("error_ratio <="));
        assertEquals(flagError("error_ratio < %", 15, "expected a ratio like 0.1% or 0.001, got '%'"),
            error("error_ratio < %"));
    }

    @Test
    void notANumber() {
        assertEquals(flagError("p99(status) < 1.2.3ms", 15, "not a number: '1.2.3'"), error("p99(status) < 1.2.3ms"));
        assertEquals(flagError("error_ratio < 1..2%", 15, "not a number: '1..2'"), error("error_ratio < 1..2%"));
    }

    @Test
    void unknownOrMissingUnit() {
        assertEquals(flagError("p99(status) < 250xs", 18, "unknown unit 'xs'; expected ns, us, ms, s or m"),
            error("p99(status) < 250xs"));
        assertEquals(flagError("p99(status) < 250h", 18, "unknown unit 'h'; expected ns, us, ms, s or m"),
            error("p99(status) < 250h"));
        assertEquals(flagError("p99(status) < 250", 18,
            "a latency needs a unit: expected ns, us, ms, s or m after 250"), error("p99(status) < 250"));
        assertEquals(flagError("p99(status) < 250 for 30s", 18,
            "a latency needs a unit: expected ns, us, ms, s or m after 250"), error("p99(status) < 250 for 30s"));
        assertEquals(flagError("p99(status) < 250msabort", 18, "unknown unit 'msabort'; expected ns, us, ms, s or m"),
            error("p99(status) < 250msabort"));
    }

    @Test
    void aRatioAbove100PercentOrAbove1() {
        assertEquals(flagError("error_ratio < 101%", 15, "a ratio is at most 100%, got 101%"),
            error("error_ratio < 101%"));
        assertEquals(flagError("achieved_ratio >= 100.01%", 19, "a ratio is at most 100%, got 100.01%"),
            error("achieved_ratio >= 100.01%"));
        assertEquals(flagError("error_ratio < 1.5", 15,
            "a ratio without '%' is a fraction from 0 to 1, got 1.5 (did you mean 1.5%?)"), error("error_ratio < 1.5"));
        assertEquals(flagError("confirmed_ratio > 99", 19,
            "a ratio without '%' is a fraction from 0 to 1, got 99 (did you mean 99%?)"), error("confirmed_ratio > 99"));
        assertEquals(flagError("error_ratio < 1ms", 16, "a ratio takes '%' or no unit, got 'ms'"),
            error("error_ratio < 1ms"));
    }

    @Test
    void trailingGarbage() {
        String what = "unexpected 'xyz'; expected 'for DURATION' or 'abort' (each once)";
        assertEquals(flagError("p99(status) < 250ms xyz", 21, what), error("p99(status) < 250ms xyz"));
        assertEquals(flagError("p99(status) < 250ms for 30s xyz", 29, what), error("p99(status) < 250ms for 30s xyz"));
        assertEquals(flagError("p99(status) < 250ms )", 21, "expected 'for DURATION' or 'abort', got ')'"),
            error("p99(status) < 250ms )"));
        assertEquals(flagError("error_ratio < 1% %", 18, "expected 'for DURATION' or 'abort', got '%'"),
            error("error_ratio < 1% %"));
        assertEquals(flagError("error_ratio < 1% and", 18,
            "unexpected 'and'; expected 'for DURATION' or 'abort' (each once)"), error("error_ratio < 1% and"));
    }

    @Test
    void repeatedForOrAbort() {
        assertEquals(flagError("p99(status) < 1s for 30s for 10s", 26,
                "unexpected 'for'; expected 'for DURATION' or 'abort' (each once)"),
            error("p99(status) < 1s for 30s for 10s"));
        assertEquals(flagError("p99(status) < 1s abort abort", 24,
            "unexpected 'abort'; expected 'for DURATION' or 'abort' (each once)"), error("p99(status) < 1s abort abort"));
        assertEquals(flagError("p99(status) < 1s abort for 1m abort", 31,
                "unexpected 'abort'; expected 'for DURATION' or 'abort' (each once)"),
            error("p99(status) < 1s abort for 1m abort"));
    }

    @ParameterizedTest
    @CsvSource({"30, 22", "0s, 22", "-5s, 22", "30x, 22", "1.5.5s, 22", "30s), 22", "thirty, 22"})
    void badDuration(String duration, int column) {
        String text = "p99(status) < 1s for " + duration;
        assertEquals(flagError(text, column, "expected a duration after 'for' like 30s, got '" + duration + "'"),
            error(text));
    }

    @Test
    void noDuration() {
        assertEquals(flagError("p99(status) < 1s for", 21, "expected a duration after 'for', like 30s"),
            error("p99(status) < 1s for"));
        assertEquals(flagError("p99(status) < 1s for   ", 24, "expected a duration after 'for', like 30s"),
            error("p99(status) < 1s for   "));
    }

    @Test
    void theColumnCountsInTheExpressionAsTheMessageShowsIt() {
        // quoted with spaces on the command line: the column is of the stripped expression the message quotes
        assertEquals(flagError("p99(stat) < 1ms", 5, "unknown latency 'stat'; expected one of " + LATENCIES),
            error("   p99(stat) < 1ms"));
        assertEquals("--slo 'p99(stat) < 1ms': column 5: unknown latency 'stat'; expected one of " + LATENCIES,
            error("\tp99(stat) < 1ms  "));
    }

    @Test
    void everyMessageIsOneLine() {
        for (String bad : List.of("p99(status", "p99(status{kind=\"dcx-json})", "error_ratio < 150", "p0(status) < 1s",
            "p99(status) < 1s\nfor 30s for 1m", "x\ny")) {
            assertFalse(error(bad).contains("\n"), bad);
        }
    }

    // ---- the errors, from a profile: FILE:LINE:COLUMN moves along the expression

    @Test
    void aProfilePlaceMovesTheColumnAlongTheExpression() {
        String where = "profiles/soak.yaml:7:5";
        assertEquals("profiles/soak.yaml:7:9: slo 'p99(stat) < 1ms': unknown latency 'stat'; expected one of "
            + LATENCIES, profileError("p99(stat) < 1ms", where));
        assertEquals("profiles/soak.yaml:7:5: slo 'p9x(status) < 1ms': unknown statistic 'p9x'; expected pNN"
            + " (p50, p99, p99.9), median, max or mean", profileError("p9x(status) < 1ms", where));
        assertEquals("profiles/soak.yaml:7:25: slo 'p99(status) < 250ms xyz': unexpected 'xyz'; expected"
            + " 'for DURATION' or 'abort' (each once)", profileError("p99(status) < 250ms xyz", where));
        assertEquals("profiles/soak.yaml:7:19: slo 'error_ratio < 150': a ratio without '%' is a fraction from 0"
            + " to 1, got 150 (did you mean 150%?)", profileError("error_ratio < 150", where));
        // a file name with colons of its own
        assertEquals("C:/p/x.yaml:3:14: slo 'p99(status) <': expected a duration like 250ms, got the end of the"
            + " expression", profileError("p99(status) <", "C:/p/x.yaml:3:1"));
    }

    private static String profileError(String text, String where) {
        return assertThrows(InvalidInputException.class, () -> SloParser.parse(text, where)).getMessage();
    }

    @Test
    void aProfilesSloListNamesTheColumnOfTheMistakeInTheFile() {
        String yaml = """
            publish: {rate: 10/s, duration: 10s}
            slo:
              - p99(status) < 250ms for 30s
              - error_ratio{kind=dcx} < 1%
            """;
        // the profile reads its SLOs as it is read: the mistake is found there, before any flag is looked at
        String message = assertThrows(InvalidInputException.class,
            () -> ProfileFile.parse(yaml, "p.yaml")).getMessage();
        // line 4 is "  - error_ratio{kind=dcx} < 1%": 'dcx' starts at column 22
        assertEquals("p.yaml:4:22: slo 'error_ratio{kind=dcx} < 1%': unknown message kind 'dcx'; expected one of "
            + KINDS, message);
    }
}
