package dev.kpcload.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AxisTest {

    @Test
    void niceStepsAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertEquals(20, LinearAxis.niceStep(97, 5), 1e-9);
        assertEquals(0.5, LinearAxis.niceStep(1.2, 5), 1e-12);
        assertEquals(5, LinearAxis.niceStep(30, 12), 1e-12, "no 2.5 s steps");
        assertEquals(25, LinearAxis.niceStep(110, 5), 1e-12);
        assertEquals(1, LinearAxis.niceStep(10, 10), 1e-12);
        assertEquals(500, LinearAxis.niceStep(3000, 7), 1e-9);
        assertEquals(2e9, LinearAxis.niceStep(1.7e10, 10), 1);
    }

    @Test
    void linearAxisRoundsOutToWholeSteps() {
        LinearAxis a = LinearAxis.covering(0, 97, 5);
        assertEquals(0, a.min());
        assertEquals(100, a.max());
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), labels(a));
        assertEquals(0.5, a.fraction(50), 1e-12);
    }

    @Test
    void linearAxisLabelsShowTheDecimalsTheStepNeeds() {
        assertEquals(List.of("0", "0.5", "1.0", "1.5"), labels(LinearAxis.covering(0, 1.2, 5)));
        assertEquals(List.of("0", "0.02", "0.04", "0.06"), labels(LinearAxis.covering(0, 0.055, 3)));
        assertEquals(2, LinearAxis.decimals(0.25));
        assertEquals(0, LinearAxis.decimals(500));
    }

    @Test
    void degenerateRangesStillGiveAnAxis() {
        LinearAxis zeros = LinearAxis.covering(0, 0, 5);
        assertEquals(0, zeros.min());
        assertEquals(1, zeros.max());
        LinearAxis one = LinearAxis.covering(500, 500, 5);
        assertTrue(one.min() <= 500 && one.max() > 500, "a single value lies inside: " + one.max());
        LinearAxis nan = LinearAxis.covering(Double.NaN, Double.NaN, 5);
        assertEquals(1, nan.max());
        LinearAxis inf = LinearAxis.covering(0, Double.POSITIVE_INFINITY, 5);
        assertEquals(1, inf.max());
    }

    @Test
    void hugeValuesGetShortLabels() {
        List<String> l = labels(LinearAxis.covering(0, 4.2e9, 5));
        assertEquals("0", l.get(0));
        assertEquals("5G", l.get(l.size() - 1));
        assertEquals(List.of("0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M"), labels(LinearAxis.covering(0, 2.3e6, 5)));
        assertTrue(labels(LinearAxis.covering(0, 120_000, 5)).contains("125,000"));
    }

    @Test
    void percentileAxisSpacesTheNinesEvenly() {
        PercentileAxis a = new PercentileAxis(4);
        assertEquals(0, a.fraction(0), 1e-12);
        assertEquals(0.25, a.fraction(90), 1e-12);
        assertEquals(0.5, a.fraction(99), 1e-12);
        assertEquals(0.75, a.fraction(99.9), 1e-9);
        assertEquals(1, a.fraction(99.99), 1e-9);
        assertEquals(1, a.fraction(100), 1e-12, "100 % is capped at the axis end, not infinity");
        assertEquals(1, a.fraction(99.9999), 1e-12);
        assertEquals(Math.log10(2) / 4, a.fraction(50), 1e-12);
        assertEquals(List.of("0 %", "90 %", "99 %", "99.9 %", "99.99 %"), labels(a));
    }

    @Test
    void percentileAxisReachesFurtherForBigCounts() {
        assertEquals(4, PercentileAxis.forCount(0).nines());
        assertEquals(4, PercentileAxis.forCount(1000).nines());
        assertEquals(5, PercentileAxis.forCount(50_000).nines());
        assertEquals(6, PercentileAxis.forCount(5_000_000_000L).nines());
        assertEquals("99.9999 %", labels(new PercentileAxis(6)).get(6));
    }

    @Test
    void logAxisCoversDecadesAndPutsZeroOnTheFloor() {
        LogAxis a = LogAxis.covering(0.3, 450);
        assertEquals(0.1, a.min(), 1e-12);
        assertEquals(1000, a.max(), 1e-9);
        assertEquals(0, a.fraction(0));
        assertEquals(0.25, a.fraction(1), 1e-12);
        assertEquals(List.of("0.1", "1", "10", "100", "1,000"), labels(a));
        assertEquals(List.of("1", "2", "5", "10"), labels(LogAxis.covering(1.5, 8)));
    }

    @Test
    void latencyAxisIsLogOnlyWhenValuesSpanMuch() {
        assertTrue(LogAxis.forLatencies(new double[] {0.2, 0.5, 300}) instanceof LogAxis);
        assertTrue(LogAxis.forLatencies(new double[] {1, 2, 5, Double.NaN}) instanceof LinearAxis);
        assertTrue(LogAxis.forLatencies(new double[] {}) instanceof LinearAxis);
        assertTrue(LogAxis.forLatencies(new double[] {0, 0}) instanceof LinearAxis);
    }

    private static List<String> labels(Axis a) {
        return a.ticks().stream().map(Axis.Tick::label).toList();
    }
}
