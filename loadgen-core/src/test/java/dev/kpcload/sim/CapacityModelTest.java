package dev.kpcload.sim;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capacity's queue on a fake clock, and the model's predictions: the formulas at known points, and the
 * {@link ServiceQueue} fed seeded Poisson arrivals agreeing with them.
 */
class CapacityModelTest {

    private static final long MS = 1_000_000;

    @Test
    void aDeterministicServerServesInTurnAndRefusesPastItsQueue() {
        ServiceQueue q = new ServiceQueue(new Capacity(1000, 2, QueueFullAction.ERROR, false)); // 1 ms each
        long t = 5_000 * MS; // any clock origin
        assertEquals(t + MS, q.admit(t));
        assertEquals(t + 2 * MS, q.admit(t));
        assertEquals(1, q.waitingAt(t));
        assertEquals(t + 3 * MS, q.admit(t));
        assertEquals(2, q.waitingAt(t));
        assertEquals(ServiceQueue.FULL, q.admit(t), "one in service and two waiting: the queue of 2 is full");
        assertEquals(t + 4 * MS, q.admit(t + MS), "a millisecond later a place is free again");
        assertEquals(0, q.waitingAt(t + 4 * MS));
        assertEquals(t + 11 * MS, q.admit(t + 10 * MS), "an idle server starts at once");
    }

    @Test
    void aQueueOfNoneTakesOnlyWhatFindsTheServerIdle() {
        ServiceQueue q = new ServiceQueue(new Capacity(1000, 0, QueueFullAction.DROP, false));
        assertEquals(MS, q.admit(0));
        assertEquals(ServiceQueue.FULL, q.admit(MS / 2));
        assertEquals(2 * MS, q.admit(MS));
    }

    @Test
    void serviceTimeIsRoundedToWholeNanoseconds() {
        assertEquals(333_333, Capacity.of(3000).serviceNanos());
        assertEquals(1, Capacity.of(1e9).serviceNanos());
        assertThrows(IllegalArgumentException.class, () -> Capacity.of(2e9));
        assertThrows(IllegalArgumentException.class, () -> Capacity.of(0));
    }

    @Test
    void formulasAtKnownPoints() {
        // D/D/1: no wait below capacity
        assertEquals(0.001, CapacityModel.evenSojournSeconds(900, 1000), 1e-15);
        // M/D/1 (Pollaczek-Khinchine): rho 0.5 -> W = 1/(2r); rho 0.9 -> W = 4.5/r
        assertEquals(0.0005, CapacityModel.poissonMeanWaitSeconds(500, 1000), 1e-12);
        assertEquals(0.0045, CapacityModel.poissonMeanWaitSeconds(900, 1000), 1e-12);
        assertEquals(0.0055, CapacityModel.poissonMeanSojournSeconds(900, 1000), 1e-12);
        // Erlang's distribution: P(W <= 0) = 1 - rho, P(W <= D) = (1 - rho) e^{rho}
        assertEquals(0.5, CapacityModel.poissonWaitCdf(0, 500, 1000), 1e-12);
        assertEquals(0.5 * Math.exp(0.5), CapacityModel.poissonWaitCdf(0.001, 500, 1000), 1e-12);
        assertEquals(0.001, CapacityModel.poissonSojournQuantileSeconds(0.4, 500, 1000), 1e-15,
                "half never wait: their sojourn is the service alone");
        // overload: the queue grows by lambda - r per second until full
        assertEquals(100, CapacityModel.overloadQueueLength(0.5, 1200, 1000, 500), 1e-9);
        assertEquals(500, CapacityModel.overloadQueueLength(10, 1200, 1000, 500), 1e-9);
        assertEquals(2.5, CapacityModel.secondsUntilFull(1200, 1000, 500), 1e-12);
        assertEquals(1 / 6.0, CapacityModel.refusedShareWhenFull(1200, 1000), 1e-12);
        assertEquals(0.101, CapacityModel.overloadSojournSeconds(0.5, 1200, 1000, 500), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CapacityModel.poissonMeanWaitSeconds(1000, 1000));
    }

    @Test
    void theWaitDistributionIntegratesToTheMeanWait() {
        // E[W] = integral of P(W > t) dt, computed from Erlang's formula, equals Pollaczek-Khinchine
        for (double rho : new double[] {0.3, 0.5, 0.8, 0.9}) {
            double r = 1000;
            double dt = 2e-5;
            double mean = 0;
            for (double t = 0; t < 0.08; t += dt) {
                mean += (1 - CapacityModel.poissonWaitCdf(t + dt / 2, rho * r, r)) * dt;
            }
            double expected = CapacityModel.poissonMeanWaitSeconds(rho * r, r);
            assertEquals(expected, mean, expected * 0.01, "rho " + rho);
        }
    }

    @Test
    void theQueueFedPoissonArrivalsAgreesWithTheModel() {
        for (double rho : new double[] {0.5, 0.9}) {
            double r = 1000;
            double lambda = rho * r;
            ServiceQueue q = new ServiceQueue(new Capacity(r, 100_000, QueueFullAction.ERROR, false));
            SplittableRandom random = new SplittableRandom(42);
            Histogram sojourn = new Histogram(3);
            double t = 0;
            long refused = 0;
            for (int i = 0; i < 2_000_000; i++) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                long now = Math.round(t * 1e9);
                long done = q.admit(now);
                if (done == ServiceQueue.FULL) {
                    refused++;
                } else {
                    sojourn.recordValue(done - now);
                }
            }
            assertEquals(0, refused);
            double meanPredicted = CapacityModel.poissonMeanSojournSeconds(lambda, r) * 1e9;
            assertEquals(meanPredicted, sojourn.getMean(), meanPredicted * 0.03, "rho " + rho + " mean");
            for (double p : new double[] {0.5, 0.9, 0.99}) {
                double predicted = CapacityModel.poissonSojournQuantileSeconds(p, lambda, r) * 1e9;
                double measured = sojourn.getValueAtPercentile(p * 100);
                assertEquals(predicted, measured, predicted * (p < 0.99 ? 0.03 : 0.06), "rho " + rho + " p" + p * 100);
            }
        }
    }

    @Test
    void pastCapacityTheQueueFillsWhenPredictedAndThenRefusesTheExcess() {
        double r = 1000;
        double lambda = 1200;
        int queue = 200;
        ServiceQueue q = new ServiceQueue(new Capacity(r, queue, QueueFullAction.ERROR, false));
        long period = Math.round(1e9 / lambda);
        long firstFull = -1;
        long refused = 0;
        long offered = 0;
        for (long k = 0; k < 6000; k++) { // 5 s
            long now = k * period;
            long done = q.admit(now);
            offered++;
            if (done == ServiceQueue.FULL) {
                refused++;
                if (firstFull < 0) {
                    firstFull = now;
                }
            } else if (k % 600 == 0 && firstFull < 0) {
                double predicted = CapacityModel.overloadSojournSeconds(now / 1e9, lambda, r, queue);
                assertEquals(predicted, (done - now) / 1e9, 2.0 / r, "sojourn at " + now / 1e9 + " s");
            }
        }
        assertEquals(CapacityModel.secondsUntilFull(lambda, r, queue), firstFull / 1e9, 0.01);
        double fullSeconds = 5 - firstFull / 1e9;
        assertEquals(CapacityModel.refusedShareWhenFull(lambda, r) * lambda * fullSeconds, refused, 5);
        assertTrue(offered == 6000);
    }
}
