package dev.kpcload.capacity;

import java.time.Duration;

/**
 * The next step for the engine to run: ramp from {@code previousRate} to {@code offeredRate} over {@code ramp},
 * hold it for {@code settle} (discarded), then measure for {@code measure} (at least; the engine may measure
 * longer to see {@code minMessages}) and judge the measured window.
 *
 * @param index        1 for the first step
 * @param previousRate the rate the engine is at when the step begins (0 before the first step)
 */
public record StepPlan(int index, StepPurpose purpose, double offeredRate, double previousRate, Duration ramp,
                       Duration settle, Duration measure, long minMessages) {
}
