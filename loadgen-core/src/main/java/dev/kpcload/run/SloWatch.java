package dev.kpcload.run;

import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloJudge;
import dev.kpcload.slo.SloVerdict;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Judges the run's SLOs interval by interval while it goes, and stops it, with a summary, once an SLO marked
 * {@code abort} has broken. Only while connecting or publishing: once the plan has ended (grace, closing) there is
 * nothing left to stop, and such an SLO is only broken. On the reporter's thread.
 */
final class SloWatch implements IntervalListener {

    private final SloJudge judge;
    private final WindowMeasurer measurer;
    private final RunControl control;
    private final PrintStream err;
    private double lastEnd;
    /** The SLO whose abort stopped the run, or null. */
    private Slo stoppedBy;

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
        boolean stoppable = point.phase() == RunPhase.CONNECT || point.phase() == RunPhase.PUBLISH;
        if (broken != null && stoppable && !control.stopRequested()) {
            stoppedBy = broken;
            err.println(String.format(Locale.ROOT, "loadgen run: SLO '%s' (%s) broken at %.1f s: aborting the run,"
                + " as its 'abort' asks", broken.text(), broken.where(), point.endSeconds()));
            control.requestStop();
        }
    }

    /**
     * The verdict on the whole run; an {@code abort} SLO that broke when there was nothing left to stop (the plan
     * had ended, or Ctrl-C had stopped it first) did not abort the run.
     */
    SloVerdict verdict(Measurement whole) {
        SloVerdict verdict = judge.verdict(whole);
        return stoppedBy == null ? verdict.withoutAbort() : verdict;
    }
}
