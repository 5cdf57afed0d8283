package dev.kpcload.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The knee of a curve by Kneedle: V. Satopää, J. Albrecht, D. Irwin, B. Raghavan, "Finding a 'Kneedle' in a
 * Haystack: Detecting Knee Points in System Behavior", 31st IEEE International Conference on Distributed Computing
 * Systems Workshops (ICDCS Workshops), 2011, pp. 166-171.
 *
 * <p>The method, for a concave increasing curve: normalise x and y to [0, 1]; take the difference curve
 * {@code d = y - x} (how far the curve lies above the diagonal); each local maximum of {@code d} gets the threshold
 * {@code T = d_max - S * mean(x[i+1] - x[i])}, and it is a knee when {@code d} drops below {@code T} before the
 * next local maximum (sensitivity {@code S}, 1 by default as in the paper: larger is more conservative). The other
 * three shapes are first flipped into that one, as the reference implementation kneed (github.com/arvkevi/kneed)
 * does: a convex increasing curve, such as latency against offered rate (flat, then a hockey stick), flips both
 * axes, so {@code d = x - y}.
 *
 * <p>Differences from the paper, on purpose: no smoothing spline (a capacity search has a dozen points, each already
 * an average over thousands of messages; a spline through so few would invent shape), points with the same x are
 * merged into one at their mean y (a confirmation hold repeats a step's rate), and when several knees qualify the
 * one with the largest difference value wins (the most pronounced bend) rather than the first.
 */
public final class Kneedle {

    public static final double DEFAULT_SENSITIVITY = 1;

    /** The curve's shape, which decides the flips into the concave increasing form. */
    public enum Shape {
        /** Rises fast, then levels off: the paper's basic case (its Figure 2: {@code y = -1/(x + 0.1) + 5}). */
        CONCAVE_INCREASING(false, false),
        /** Flat, then rising fast: latency against offered rate. */
        CONVEX_INCREASING(true, true),
        /** Flat, then falling fast. */
        CONCAVE_DECREASING(true, false),
        /** Falls fast, then levels off (an "elbow", e.g. {@code y = 1/x}). */
        CONVEX_DECREASING(false, true);

        private final boolean flipX;
        private final boolean flipY;

        Shape(boolean flipX, boolean flipY) {
            this.flipX = flipX;
            this.flipY = flipY;
        }
    }

    public record Point(double x, double y) {
    }

    /** The knee: a point of the (merged) input, with its difference value in the unit square. */
    public record Knee(double x, double y, double difference) {
    }

    private Kneedle() {
    }

    public static Optional<Knee> find(List<Point> points, Shape shape) {
        return find(points, shape, DEFAULT_SENSITIVITY);
    }

    /**
     * The knee of {@code points} (any order; non-finite points are left out), or empty when the curve has none:
     * fewer than 3 distinct x values, a flat or straight curve, or a bend too slight for the sensitivity.
     */
    public static Optional<Knee> find(List<Point> points, Shape shape, double sensitivity) {
        if (!(sensitivity >= 0) || Double.isInfinite(sensitivity)) {
            throw new IllegalArgumentException("sensitivity must be 0 or more: " + sensitivity);
        }
        List<Point> curve = merged(points);
        int n = curve.size();
        if (n < 3) {
            return Optional.empty();
        }
        double x0 = curve.get(0).x();
        double xRange = curve.get(n - 1).x() - x0;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Point p : curve) {
            y0 = Math.min(y0, p.y());
            y1 = Math.max(y1, p.y());
        }
        double yRange = y1 - y0;
        if (!(xRange > 0) || !(yRange > 0)) {
            return Optional.empty();
        }
        // The difference curve in traversal order (increasing x after the flip): a flipped x runs backwards.
        double[] d = new double[n];
        int[] source = new int[n];
        for (int i = 0; i < n; i++) {
            int k = shape.flipX ? n - 1 - i : i;
            double xn = (curve.get(k).x() - x0) / xRange;
            double yn = (curve.get(k).y() - y0) / yRange;
            double u = shape.flipX ? 1 - xn : xn;
            double v = shape.flipY ? 1 - yn : yn;
            d[i] = v - u;
            source[i] = k;
        }
        List<Integer> maxima = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            if (d[i] > d[i - 1] && d[i] >= d[i + 1]) {
                maxima.add(i);
            }
        }
        // The normalised x spans [0, 1] in n - 1 gaps: their mean is 1 / (n - 1).
        double spacing = 1.0 / (n - 1);
        Knee best = null;
        for (int m = 0; m < maxima.size(); m++) {
            int i = maxima.get(m);
            int until = m + 1 < maxima.size() ? maxima.get(m + 1) : n;
            double threshold = d[i] - sensitivity * spacing;
            for (int j = i + 1; j < until; j++) {
                if (d[j] < threshold) {
                    if (best == null || d[i] > best.difference()) {
                        Point p = curve.get(source[i]);
                        best = new Knee(p.x(), p.y(), d[i]);
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Finite points sorted by x, those with equal x merged at their mean y. */
    static List<Point> merged(List<Point> points) {
        List<Point> sorted = new ArrayList<>();
        for (Point p : points) {
            if (p != null && Double.isFinite(p.x()) && Double.isFinite(p.y())) {
                sorted.add(p);
            }
        }
        sorted.sort(Comparator.comparingDouble(Point::x));
        List<Point> out = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            double sum = 0;
            while (j < sorted.size() && sorted.get(j).x() == sorted.get(i).x()) {
                sum += sorted.get(j).y();
                j++;
            }
            out.add(new Point(sorted.get(i).x(), sum / (j - i)));
            i = j;
        }
        return out;
    }
}
