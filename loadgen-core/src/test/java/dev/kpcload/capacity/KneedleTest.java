package dev.kpcload.capacity;

import dev.kpcload.capacity.Kneedle.Point;
import dev.kpcload.capacity.Kneedle.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KneedleTest {

    /** {@code n} evenly spaced samples of {@code f} on {@code [a, b]}. */
    private static List<Point> sample(DoubleUnaryOperator f, double a, double b, int n) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = a + (b - a) * i / (n - 1);
            points.add(new Point(x, f.applyAsDouble(x)));
        }
        return points;
    }

    private static double knee(List<Point> points, Shape shape) {
        Optional<Kneedle.Knee> k = Kneedle.find(points, shape);
        assertTrue(k.isPresent(), "a knee expected for " + shape);
        return k.get().x();
    }

    @Test
    void thePapersFigure2CurveHasItsKneeNearPoint22() {
        // The paper's example as the reference implementation kneed recreates it: 10 points of -1/(x + 0.1) + 5 on
        // [0, 1], concave increasing; the continuous optimum of y - x is at sqrt(0.1 * 1.1) - 0.1 = 0.232.
        List<Point> points = sample(x -> -1 / (x + 0.1) + 5, 0, 1, 10);
        Kneedle.Knee k = Kneedle.find(points, Shape.CONCAVE_INCREASING).orElseThrow();
        assertEquals(2.0 / 9, k.x(), 1e-12, "the sample at 0.222");
        assertEquals(-1 / (2.0 / 9 + 0.1) + 5, k.y(), 1e-12, "the point's own y");
        // Read as the wrong shape, the same curve has no knee: the flips matter.
        assertTrue(Kneedle.find(points, Shape.CONVEX_INCREASING).isEmpty());
    }

    @Test
    void xSquaredIsConvexIncreasingWithItsKneeAtOneHalf() {
        // y = x^2 on [0, 1]: the difference curve x - x^2 peaks at 0.5.
        assertEquals(0.5, knee(sample(x -> x * x, 0, 1, 11), Shape.CONVEX_INCREASING), 1e-12);
        // x^3: x - x^3 peaks at 1/sqrt(3) = 0.577; the nearest of 21 samples is 0.6 (or 0.55).
        assertEquals(1 / Math.sqrt(3), knee(sample(x -> x * x * x, 0, 1, 21), Shape.CONVEX_INCREASING), 0.03);
        // Scale and offset do not matter: the method works in the unit square.
        assertEquals(500, knee(sample(x -> 3 + 7e-4 * x * x, 0, 1000, 11), Shape.CONVEX_INCREASING), 1e-9);
    }

    @Test
    void theDecreasingShapesAreFlippedTheOtherWays() {
        // 1/x on [1, 10], the classic elbow: 1 - yn - xn peaks at sqrt(10) = 3.16; the samples are the integers.
        assertEquals(3, knee(sample(x -> 1 / x, 1, 10, 10), Shape.CONVEX_DECREASING), 1e-12);
        // 1 - x^3 falls ever faster (concave decreasing): the mirror of x^3, knee at 0.577 again.
        assertEquals(1 / Math.sqrt(3), knee(sample(x -> 1 - x * x * x, 0, 1, 21), Shape.CONCAVE_DECREASING), 0.03);
    }

    @Test
    void latencyAgainstOfferedRateKneesAtTheLastFlatStep() {
        // A capacity search's probes: flat p99 until the server saturates, then a hockey stick.
        List<Point> p = List.of(new Point(100, 1.0), new Point(150, 1.0), new Point(225, 1.05), new Point(337.5, 1.1),
            new Point(506.25, 1.2), new Point(759.375, 5), new Point(1139.0625, 250));
        assertEquals(759.375, knee(p, Shape.CONVEX_INCREASING), 1e-9);
    }

    @Test
    void noKneeOnStraightFlatOrTooShortCurves() {
        assertTrue(Kneedle.find(sample(x -> 2 * x + 1, 0, 10, 20), Shape.CONVEX_INCREASING).isEmpty(), "straight");
        assertTrue(Kneedle.find(sample(x -> 2 * x + 1, 0, 10, 20), Shape.CONCAVE_INCREASING).isEmpty(), "straight");
        assertTrue(Kneedle.find(sample(x -> 4, 0, 10, 20), Shape.CONVEX_INCREASING).isEmpty(), "flat");
        assertTrue(Kneedle.find(List.of(new Point(1, 1), new Point(2, 4)), Shape.CONVEX_INCREASING).isEmpty());
        assertTrue(Kneedle.find(List.of(), Shape.CONVEX_INCREASING).isEmpty());
        // Three points of one x: a single point after merging.
        assertTrue(Kneedle.find(List.of(new Point(1, 1), new Point(1, 4), new Point(1, 9)),
            Shape.CONVEX_INCREASING).isEmpty());
    }

    @Test
    void sensitivityDecidesWhetherASlightBendCounts() {
        // Three points of x^2: the difference peaks at 0.25, below one mean spacing (0.5): no knee at S = 1 ...
        List<Point> three = sample(x -> x * x, 0, 1, 3);
        assertTrue(Kneedle.find(three, Shape.CONVEX_INCREASING).isEmpty());
        // ... but one at S = 0.4 (threshold 0.25 - 0.2 = 0.05, and the last point's 0 is below it).
        assertEquals(0.5, Kneedle.find(three, Shape.CONVEX_INCREASING, 0.4).orElseThrow().x(), 1e-12);
        // A steeper S keeps fewer knees: x^2 with 11 points has its knee at S = 1 but not at S = 3.
        assertTrue(Kneedle.find(sample(x -> x * x, 0, 1, 11), Shape.CONVEX_INCREASING, 3).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Kneedle.find(three, Shape.CONVEX_INCREASING, -1));
        assertThrows(IllegalArgumentException.class, () -> Kneedle.find(three, Shape.CONVEX_INCREASING, Double.NaN));
    }

    @Test
    void orderDuplicatesAndNonFinitePointsDoNotMatter() {
        List<Point> base = sample(x -> x * x, 0, 1, 11);
        List<Point> shuffled = new ArrayList<>(base);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(0.5, knee(shuffled, Shape.CONVEX_INCREASING), 1e-12);
        // Every point twice: merged, same knee.
        List<Point> twice = new ArrayList<>(base);
        twice.addAll(base);
        assertEquals(0.5, knee(twice, Shape.CONVEX_INCREASING), 1e-12);
        // A repeated x with two y values counts once, at their mean (a hold at a step's rate).
        List<Point> repeated = new ArrayList<>(base);
        repeated.set(5, new Point(0.5, 0.2));
        repeated.add(new Point(0.5, 0.3));
        Kneedle.Knee k = Kneedle.find(repeated, Shape.CONVEX_INCREASING).orElseThrow();
        assertEquals(0.5, k.x(), 1e-12);
        assertEquals(0.25, k.y(), 1e-12, "mean of 0.2 and 0.3");
        List<Point> noisy = new ArrayList<>(base);
        noisy.add(new Point(0.55, Double.NaN));
        noisy.add(new Point(Double.POSITIVE_INFINITY, 1));
        noisy.add(null);
        assertEquals(0.5, knee(noisy, Shape.CONVEX_INCREASING), 1e-12);
        assertEquals(11, Kneedle.merged(noisy).size());
    }

    @Test
    void aMaximumWhoseDipEndsAboveItsThresholdIsNoKnee() {
        // Nine points, spacing 0.125, built so that the difference curve y - x is
        // 0, .1, .2, .3, .22, .28, .1, .05, 0: the maximum .3 at x = 3 dips only to .22 (its threshold is .175) before
        // the next maximum, so by the paper's rule it is no knee; .28 at x = 5 then falls to .1, below .155: the knee.
        // A plain argmax of the difference curve would have said 3.
        double[] y = {0, .225, .45, .675, .72, .905, .85, .925, 1};
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            p.add(new Point(i, y[i]));
        }
        assertEquals(5, knee(p, Shape.CONCAVE_INCREASING), 1e-12);
    }
}
