package dev.kpcload.report;

import java.util.List;

/**
 * One side of a chart: maps a data value onto [0, 1] of that side and says where the ticks go. The chart
 * turns fractions into pixels, so axes stay free of layout and easy to test.
 */
interface Axis {

    /** Where {@code value} falls: 0 at the axis minimum, 1 at its maximum (outside when out of range). */
    double fraction(double value);

    /** The ticks to draw, in increasing order, with their labels. */
    List<Tick> ticks();

    record Tick(double value, String label) {
    }
}
