package dev.kpcload.run;

import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the report intervals of one step of a {@link SteppedPlan}: the run cuts an interval at the step's start
 * and after its drain, so that the intervals in between hold exactly the step's measured values (its ramp and settle
 * are warm-up streams, left out). Intervals arrive on the reporter's thread; begin and end are called from the run's.
 */
final class StepCollector implements IntervalListener {

    private final WindowMeasurer measurer;
    private boolean collecting;
    private double lastEnd;
    private List<Window> windows = new ArrayList<>();
    private Measurement sum = Measurement.empty();

    StepCollector(WindowMeasurer measurer) {
        this.measurer = measurer;
    }

    @Override
    public synchronized void onInterval(LatencySample interval, TimelinePoint point) {
        // the measurer must see every interval: its counts are differences from the last one
        Measurement window = measurer.next(interval, point, lastEnd);
        if (collecting) {
            windows.add(new Window(lastEnd, point.endSeconds(), window));
            sum = sum.plus(window);
        }
        lastEnd = point.endSeconds();
    }

    synchronized void begin() {
        collecting = true;
        windows = new ArrayList<>();
        sum = Measurement.empty();
    }

    /** The step's intervals and their sum; stops collecting. */
    synchronized Collected end() {
        collecting = false;
        return new Collected(List.copyOf(windows), sum);
    }

    record Collected(List<Window> windows, Measurement sum) {
    }
}
