package dev.kpcload.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Judges a run's SLOs. Fed the run's report intervals in order (live, or read back from shards' outputs), it keeps
 * each sustained SLO's run of failing intervals and the run so far, and says when an {@code abort} SLO has broken;
 * at the end it judges the whole run.
 *
 * <p>A sustained SLO ({@code for 30s}) is broken once it has failed in every interval with data over at least its
 * window; an interval with nothing to judge (no confirmation came back, say) neither breaks nor mends it. A whole-run
 * SLO is judged on the whole run; fed intervals, it also notes when the run so far first broke it, and with
 * {@code abort} stops the run then. One thread.
 */
public final class SloJudge {

    private final List<Slo> slos;
    private final State[] states;
    private Measurement runSoFar = Measurement.empty();
    private boolean anyWindow;
    private String abortedBy;
    /** Which SLO aborted: by place in the list, as two SLOs may read the same (a profile's and a flag's). */
    private int abortedIndex = -1;

    public SloJudge(List<Slo> slos) {
        this.slos = List.copyOf(slos);
        this.states = new State[slos.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new State();
        }
    }

    public List<Slo> slos() {
        return slos;
    }

    public boolean isEmpty() {
        return slos.isEmpty();
    }

    /**
     * One report interval, measured parts only (warm-up left out).
     *
     * @return the first {@code abort} SLO that is broken at the end of this interval and has not aborted the run
     *         yet, or null
     */
    public Slo window(double startSeconds, double endSeconds, Measurement window) {
        anyWindow = true;
        boolean needsSoFar = false;
        for (Slo slo : slos) {
            needsSoFar |= !slo.sustained();
        }
        if (needsSoFar) {
            runSoFar = runSoFar.plus(window);
        }
        int abort = -1;
        for (int i = 0; i < slos.size(); i++) {
            Slo slo = slos.get(i);
            State s = states[i];
            boolean brokenBefore = s.broken;
            if (slo.sustained()) {
                judgeWindow(slo, s, startSeconds, endSeconds, window);
            } else {
                OptionalDouble soFar = SloValue.of(slo, runSoFar);
                if (soFar.isPresent() && !slo.holds(soFar.getAsDouble()) && !s.broken) {
                    s.broken = true;
                    s.firstBrokenAt = endSeconds;
                }
            }
            if (slo.abort() && s.broken && !brokenBefore && abort < 0 && abortedIndex < 0) {
                abort = i;
            }
        }
        if (abort < 0) {
            return null;
        }
        abortedIndex = abort;
        abortedBy = slos.get(abort).text();
        return slos.get(abort);
    }

    private static void judgeWindow(Slo slo, State s, double start, double end, Measurement window) {
        OptionalDouble value = SloValue.of(slo, window);
        if (value.isEmpty()) {
            return;
        }
        double v = value.getAsDouble();
        s.judged = true;
        if (Double.isNaN(s.worst) || (slo.comparison().upperBound() ? v > s.worst : v < s.worst)) {
            s.worst = v;
        }
        if (slo.holds(v)) {
            s.spanStart = Double.NaN;
            return;
        }
        if (Double.isNaN(s.spanStart)) {
            s.spanStart = start;
        }
        if (!s.broken && (end - s.spanStart) * 1e9 >= slo.sustainedNanos() - 1e6) {
            s.broken = true;
            s.firstBrokenAt = s.spanStart;
        }
    }

    /** The SLO whose {@code abort} stopped the run, or null. */
    public String abortedBy() {
        return abortedBy;
    }

    /** The verdict: whole-run SLOs on {@code whole} (the run's measured totals), sustained ones on the intervals fed. */
    public SloVerdict verdict(Measurement whole) {
        List<SloResult> results = new ArrayList<>();
        for (int i = 0; i < slos.size(); i++) {
            Slo slo = slos.get(i);
            State s = states[i];
            Double sustained = slo.sustained() ? slo.sustainedNanos() / 1e9 : null;
            boolean aborted = i == abortedIndex;
            if (slo.sustained()) {
                if (!s.judged) {
                    results.add(noData(slo, sustained, aborted, anyWindow ? "no interval had anything to judge"
                        : "no report intervals to judge it on"));
                    continue;
                }
                results.add(result(slo, s.broken ? SloOutcome.FAIL : SloOutcome.PASS, s.worst,
                    s.broken ? s.firstBrokenAt : null, sustained, aborted));
                continue;
            }
            OptionalDouble value = SloValue.of(slo, whole);
            if (value.isEmpty()) {
                results.add(noData(slo, null, aborted, "nothing measured to judge it on"));
                continue;
            }
            boolean holds = slo.holds(value.getAsDouble());
            // a whole-run SLO that holds at the end is not broken, whatever the run so far said on the way
            Double brokeAt = s.broken && !holds ? s.firstBrokenAt : null;
            results.add(result(slo, holds ? SloOutcome.PASS : SloOutcome.FAIL, value.getAsDouble(), brokeAt, null,
                aborted));
        }
        return SloVerdict.of(results, abortedBy);
    }

    private static SloResult result(Slo slo, SloOutcome outcome, double value, Double brokeAt, Double sustained,
                                    boolean aborted) {
        return new SloResult(slo.text(), slo.where(), outcome, slo.displayValue(value),
            slo.displayValue(slo.threshold()), slo.displayUnit(), slo.format(value), slo.margin(value), brokeAt,
            sustained, slo.abort(), aborted);
    }

    private static SloResult noData(Slo slo, Double sustained, boolean aborted, String why) {
        return new SloResult(slo.text(), slo.where(), SloOutcome.NO_DATA, null, slo.displayValue(slo.threshold()),
            slo.displayUnit(), "-", why, null, sustained, slo.abort(), aborted);
    }

    /** Judges SLOs on a whole run alone, with no intervals (sustained ones then have no data). */
    public static SloVerdict judgeWhole(List<Slo> slos, Measurement whole) {
        return new SloJudge(slos).verdict(whole);
    }

    private static final class State {
        boolean broken;
        boolean judged;
        double firstBrokenAt = Double.NaN;
        double spanStart = Double.NaN;
        double worst = Double.NaN;
    }
}
