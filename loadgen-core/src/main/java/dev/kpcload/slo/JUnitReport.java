package dev.kpcload.slo;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An SLO verdict as JUnit XML (the format CI systems read: Jenkins, GitLab, GitHub actions' reporters): one test
 * suite, one test case per SLO, a {@code <failure>} for each that failed or had no data.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    /** @param suite the suite's name, e.g. {@code kpc-loadgen run 20261202-0400} */
    public static String xml(SloVerdict verdict, String suite, double seconds) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = verdict.results().stream().filter(r -> !r.passed()).count();
        x.append(String.format(Locale.ROOT, "<testsuites tests=\"%d\" failures=\"%d\" time=\"%.3f\">%n",
            verdict.results().size(), failures, seconds));
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\""
            + " skipped=\"0\" time=\"%.3f\">%n", escape(suite), verdict.results().size(), failures, seconds));
        for (SloResult r : verdict.results()) {
            x.append("    <testcase classname=\"slo\" name=\"").append(escape(r.slo())).append("\" time=\"0\"");
            if (r.passed()) {
                x.append(">\n      <system-out>").append(escape(describe(r))).append("</system-out>\n")
                    .append("    </testcase>\n");
                continue;
            }
            String message = r.outcome() == SloOutcome.NO_DATA ? "no data: " + r.margin()
                : "measured " + r.measured() + " (" + r.margin() + " against the threshold)";
            x.append(">\n      <failure message=\"").append(escape(message)).append("\" type=\"")
                .append(r.aborted() ? "slo_aborted" : "slo_broken").append("\">")
                .append(escape(describe(r))).append("</failure>\n    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    public static void write(SloVerdict verdict, String suite, double seconds, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, xml(verdict, suite, seconds), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write the JUnit report: " + IoReason.of(e));
        }
    }

    private static String describe(SloResult r) {
        return r.slo() + " (" + r.where() + "): " + r.outcome().tag() + ", measured " + r.measured()
            + (r.firstBrokenAtSeconds() == null ? ""
                : String.format(Locale.ROOT, ", first broken at %.1f s", r.firstBrokenAtSeconds()))
            + (r.aborted() ? ", aborted the run" : "");
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
