package dev.kpcload.sim;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What the {@link Capacity} model predicts for an offered rate {@code lambda} (requests per second) against a
 * service rate {@code r}: one server, deterministic service {@code D = 1/r}, first come first served. Pure
 * functions, so that a test can compare what a load generator measures with them. Times in seconds; the
 * sojourn is the wait plus the service (a reply leaves when its service ends), before any injected reply delay.
 *
 * <ul>
 *   <li>Evenly spaced arrivals below capacity (D/D/1, {@code lambda < r}): nobody waits, every sojourn is
 *       {@code 1/r}.</li>
 *   <li>Poisson arrivals below capacity (M/D/1, {@code rho = lambda/r < 1}): mean wait
 *       {@code W = rho / (2 r (1 - rho))} (Pollaczek-Khinchine), mean sojourn {@code W + 1/r}; the wait's
 *       distribution is Erlang's {@code P(W <= t) = (1-rho) sum_{k=0}^{floor(t r)} (lambda (k/r - t))^k / k!
 *       e^{-lambda (k/r - t)}}.</li>
 *   <li>Above capacity ({@code lambda > r}): the queue grows by {@code lambda - r} per second until it holds
 *       {@code queue} requests (after {@code queue / (lambda - r)} seconds), so the sojourn grows linearly with
 *       time up to {@code (queue + 1) / r}; from then on a share {@code (lambda - r) / lambda} of the requests
 *       finds the queue full.</li>
 * </ul>
 * The finite queue is ignored below capacity (its effect is negligible while {@code queue} is many times the
 * mean queue length {@code rho^2 / (2 (1 - rho))}).
 */
public final class CapacityModel {

    /** Below this {@code lambda t} the alternating sum loses at most about e^15 x 1e-16 = 3e-10 in double. */
    private static final double DOUBLE_SUM_LIMIT = 15;

    private CapacityModel() {
    }

    /** Utilisation {@code lambda / r}. */
    public static double rho(double lambda, double r) {
        check(lambda, r);
        return lambda / r;
    }

    /** D/D/1 below capacity: the sojourn of every request, {@code 1/r}. */
    public static double evenSojournSeconds(double lambda, double r) {
        if (rho(lambda, r) >= 1) {
            throw new IllegalArgumentException("at or above capacity: no steady state (" + lambda + " >= " + r + ")");
        }
        return 1 / r;
    }

    /** M/D/1 mean wait in the queue, {@code rho / (2 r (1 - rho))}. */
    public static double poissonMeanWaitSeconds(double lambda, double r) {
        double rho = belowCapacity(lambda, r);
        return rho / (2 * r * (1 - rho));
    }

    /** M/D/1 mean sojourn: the mean wait plus the service time {@code 1/r}. */
    public static double poissonMeanSojournSeconds(double lambda, double r) {
        return poissonMeanWaitSeconds(lambda, r) + 1 / r;
    }

    /**
     * M/D/1: the probability that a request waits at most {@code t} seconds before its service starts. Erlang's
     * sum alternates with terms up to about {@code e^(lambda t)}, so past small {@code t} it is summed in decimal
     * arithmetic with enough digits for that cancellation ({@code e^-rho} to the same precision), and only the
     * (positive, well-conditioned) result goes back to double.
     */
    public static double poissonWaitCdf(double t, double lambda, double r) {
        double rho = belowCapacity(lambda, r);
        if (t < 0) {
            return 0;
        }
        long n = (long) Math.floor(t * r);
        double lt = lambda * t;
        if (lt < DOUBLE_SUM_LIMIT) {
            double sum = 0;
            double factorial = 1;
            for (long k = 0; k <= n; k++) {
                factorial *= Math.max(1, k);
                double x = lt - k * rho; // lambda (t - k/r) >= 0; the term is (-x)^k / k! e^x
                sum += (k % 2 == 0 ? 1 : -1) * Math.pow(x, k) / factorial * Math.exp(x);
            }
            return clamp((1 - rho) * sum);
        }
        MathContext mc = new MathContext(30 + (int) Math.ceil(lt / Math.log(10)));
        BigDecimal ltExact = new BigDecimal(lt);
        BigDecimal rhoExact = new BigDecimal(rho);
        BigDecimal eMinusRho = exp(rhoExact.negate(), mc);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal ePow = BigDecimal.ONE; // e^{-k rho}
        BigDecimal factorial = BigDecimal.ONE;
        for (long k = 0; k <= n; k++) {
            if (k > 0) {
                factorial = factorial.multiply(BigDecimal.valueOf(k), mc);
                ePow = ePow.multiply(eMinusRho, mc);
            }
            BigDecimal x = ltExact.subtract(rhoExact.multiply(BigDecimal.valueOf(k), mc), mc);
            BigDecimal term = x.pow((int) k, mc).multiply(ePow, mc).divide(factorial, mc);
            sum = k % 2 == 0 ? sum.add(term, mc) : sum.subtract(term, mc);
        }
        // sum x e^{lambda t}: the terms' e^{x_k} = e^{lambda t} e^{-k rho}
        return clamp((1 - rho) * Math.exp(lt) * sum.doubleValue());
    }

    /** e^x for |x| <= 1 by its Taylor series, to {@code mc}'s precision. */
    private static BigDecimal exp(BigDecimal x, MathContext mc) {
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int i = 1; term.abs().compareTo(epsilon) > 0; i++) {
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(i), mc);
            sum = sum.add(term, mc);
        }
        return sum;
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }

    /** M/D/1: the {@code q} quantile of the sojourn (wait plus service), by bisection on {@link #poissonWaitCdf}. */
    public static double poissonSojournQuantileSeconds(double q, double lambda, double r) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile needs 0 < q < 1: " + q);
        }
        double rho = belowCapacity(lambda, r);
        if (q <= 1 - rho) {
            return 1 / r; // that share never waits
        }
        double lo = 0;
        double hi = 1 / r;
        while (poissonWaitCdf(hi, lambda, r) < q) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (poissonWaitCdf(mid, lambda, r) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi + 1 / r;
    }

    /**
     * Above capacity with evenly spaced arrivals from an empty queue: requests waiting {@code t} seconds into the
     * overload, {@code min(queue, (lambda - r) t)}.
     */
    public static double overloadQueueLength(double t, double lambda, double r, int queue) {
        check(lambda, r);
        if (lambda <= r) {
            return 0;
        }
        return Math.min(queue, (lambda - r) * Math.max(0, t));
    }

    /** Above capacity: the sojourn of a request arriving {@code t} seconds into the overload. */
    public static double overloadSojournSeconds(double t, double lambda, double r, int queue) {
        return (Math.floor(overloadQueueLength(t, lambda, r, queue)) + 1) / r;
    }

    /** Above capacity: when the queue first fills, seconds into the overload; infinite at or below capacity. */
    public static double secondsUntilFull(double lambda, double r, int queue) {
        check(lambda, r);
        return lambda <= r ? Double.POSITIVE_INFINITY : queue / (lambda - r);
    }

    /** Above capacity, once full: the share of requests refused, {@code (lambda - r) / lambda}. */
    public static double refusedShareWhenFull(double lambda, double r) {
        check(lambda, r);
        return lambda <= r ? 0 : (lambda - r) / lambda;
    }

    /**
     * What the simulator's server does to requests arriving at exactly these times (non-decreasing, any origin):
     * each one's sojourn in nanoseconds, or -1 where it found the queue full. For a given arrival sequence (a
     * seeded Poisson plan, say) this is the exact outcome the formulas above describe on average.
     */
    public static long[] sojournsOf(long[] arrivalNanos, Capacity capacity) {
        ServiceQueue queue = new ServiceQueue(capacity);
        long[] sojourns = new long[arrivalNanos.length];
        for (int i = 0; i < arrivalNanos.length; i++) {
            long done = queue.admit(arrivalNanos[i]);
            sojourns[i] = done == ServiceQueue.FULL ? -1 : done - arrivalNanos[i];
        }
        return sojourns;
    }

    private static double belowCapacity(double lambda, double r) {
        double rho = rho(lambda, r);
        if (rho >= 1) {
            throw new IllegalArgumentException("at or above capacity: no steady state (" + lambda + " >= " + r + ")");
        }
        return rho;
    }

    private static void check(double lambda, double r) {
        if (!(lambda >= 0) || !(r > 0) || Double.isInfinite(lambda) || Double.isInfinite(r)) {
            throw new IllegalArgumentException("rates must be finite, lambda >= 0 and r > 0: " + lambda + ", " + r);
        }
    }

}
