package dev.kpcload.run;

import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloJudge;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Judges the run's SLOs interval by interval while it goes, and stops it, with a summary, once an SLO marked
 * {@code abort} has broken. On the reporter's thread.
 */
final class SloWatch implements IntervalListener {

    private final SloJudge judge;
    private final WindowMeasurer measurer;
    private final RunControl control;
    private final PrintStream err;
    private double lastEnd;

    SloWatch(SloJudge judge, WindowMeasurer measurer, RunControl control, PrintStream err) {
        this.judge = judge;
        this.measurer = measurer;
        this.control = control;
        this.err = err;
    }

    @Override
    public void onInterval(LatencySample interval, TimelinePoint point) {
        Measurement window = measurer.next(interval, point, lastEnd);
        Slo broken = judge.window(lastEnd, point.endSeconds(), window);
        lastEnd = point.endSeconds();
        if (broken != null && !control.stopRequested()) {
            err.println(String.format(Locale.ROOT, "loadgen run: SLO '%s' (%s) broken at %.1f s: aborting the run,"
                + " as its 'abort' asks", broken.text(), broken.where(), point.endSeconds()));
            control.requestStop();
        }
    }

    SloJudge judge() {
        return judge;
    }
}
