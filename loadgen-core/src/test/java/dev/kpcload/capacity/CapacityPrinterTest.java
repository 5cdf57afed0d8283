package dev.kpcload.capacity;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityPrinterTest {

    private static String printed(CapacityResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CapacityPrinter.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStepLineSaysRateVerdictLatencyAndWhyItFailed() {
        CapacityResult r = CapacityFixtures.found();
        CapacityStep first = r.steps().get(0);
        String pass = CapacityPrinter.stepLine(first, "status");
        assertTrue(pass.startsWith("[step  1] probe        100.0/s | pass         | sent 100.0/s, confirmed 100.0/s"),
            pass);
        assertTrue(pass.contains("| status p50 0.111 p99 0.556 p99.9 1.11 max 1.67 ms |"), pass);
        assertTrue(pass.contains("errors 0.00 %, timeouts 0.00 % | 2,998 measured | 20.0-50.0 s"), pass);
        assertFalse(pass.contains("broke"));
        CapacityStep fail = r.steps().stream().filter(s -> s.verdict() == StepOutcome.FAIL).findFirst().orElseThrow();
        String line = CapacityPrinter.stepLine(fail, "status");
        assertTrue(line.contains("| FAIL         |"), line);
        assertTrue(line.contains("| broke p99(status) < 250ms: "), line);
        assertTrue(line.contains(" ms against 250 ms (+"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void unstableAndInconclusiveStepsSaySo() {
        CapacityResult r = CapacityFixtures.generatorLimited(600);
        CapacityStep last = r.steps().get(r.steps().size() - 1);
        String line = CapacityPrinter.stepLine(last, null);
        assertTrue(line.contains("| INCONCLUSIVE |"), line);
        assertTrue(line.contains("send lag p99 850 ms: the generator fell behind"), line);
        CapacityStep s = r.steps().get(0);
        CapacityStep few = new CapacityStep(s.index(), s.purpose(), s.offeredRate(), s.achievedRate(),
            s.confirmedRate(), s.verdict(), s.failedSlos(), s.latencies(), s.errorRatio(), s.timeoutRatio(), 400,
            false, s.startSeconds(), s.measureStartSeconds(), s.endSeconds(), null);
        assertTrue(CapacityPrinter.stepLine(few, "status").contains("400 measured (too few for a stable percentile)"));
        CapacityStep none = new CapacityStep(s.index(), s.purpose(), s.offeredRate(), 0, 0, StepOutcome.FAIL,
            List.of(), null, 0, 0, 0, false, 0, 0, 0, null);
        assertTrue(CapacityPrinter.stepLine(none, "status").contains("| no status latency measured |"));
    }

    @Test
    void theSummaryHasEveryStepAndTheAnswer() throws Exception {
        CapacityResult r = CapacityFixtures.found();
        String out = printed(r);
        Files.writeString(Path.of("target", "capacity-fixture.txt"), out);
        assertTrue(out.contains("== kpc-loadgen capacity: found =="), out);
        String[] lines = out.split("\n");
        int header = 0;
        while (!lines[header].startsWith("step")) {
            header++;
        }
        assertTrue(lines[header].contains("status p50"), lines[header]);
        for (int i = 0; i < r.steps().size(); i++) {
            assertTrue(lines[header + 1 + i].trim().startsWith((i + 1) + " "), lines[header + 1 + i]);
        }
        assertTrue(out.contains("result     max sustainable rate 996.7/s\n"), out);
        assertTrue(out.contains("bracket    last pass 996.7/s, first failure 1,020.4/s (2.38 % apart)"), out);
        assertTrue(out.contains("knee       " + Text.rate(r.knee().rate()) + ": status p99 "), out);
        assertTrue(out.contains("slo        p99(status) < 250ms"), out);
        assertTrue(out.contains("why        KPC sustained 996.7/s"), out);
        assertFalse(out.contains("remedy"), "nothing to remedy");
    }

    @Test
    void withoutAnAnswerTheSummarySaysWhyAndWhatToDo() {
        String limited = printed(CapacityFixtures.generatorLimited(600));
        assertTrue(limited.contains("result     no sustainable rate confirmed (generator_limited)"), limited);
        assertTrue(limited.contains("remedy     give the search more generator capacity: more shards (--shards N"));
        assertTrue(limited.contains(" INCONCLUSIVE "));
        String stopped = printed(CapacityFixtures.stoppedAtOnce());
        assertTrue(stopped.contains("(no step finished)"), stopped);
        assertTrue(stopped.contains("knee       none"), stopped);
        assertFalse(stopped.contains("bracket"), stopped);
        assertEquals(-1, stopped.indexOf("NaN"));
    }
}
