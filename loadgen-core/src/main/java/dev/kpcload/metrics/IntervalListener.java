package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

import java.util.Map;

/** Hears of each report interval, on the reporter's thread; the histograms are valid only during the call. */
@FunctionalInterface
public interface IntervalListener {
    void onInterval(LatencySample interval, TimelinePoint point);
}
