package dev.kpcload.cli;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;

/** What the process's exit code means. */
final class ExitCodes {
    /** The run did its work (whatever the server answered: errors are in the summary), and met its SLOs. */
    static final int OK = 0;
    /** Bad input: a flag, a file or a line was not what was expected. */
    static final int BAD_INPUT = 2;
    /** The run could not do its work, for example no device connected. */
    static final int RUN_FAILED = 3;
    /** An SLO aborted the run (it was broken for its window, and marked {@code abort}). */
    static final int SLO_ABORTED = 98;
    /** The run ended with an SLO broken (k6's exit code for a failed threshold). */
    static final int SLO_FAILED = 99;
    /** {@code report compare}: NEW is worse than BASE beyond the tolerance on a judged item (the same code). */
    static final int REGRESSION = 99;

    private ExitCodes() {
    }

    static int of(RunOutcome outcome) {
        return outcome == RunOutcome.NO_DEVICE_CONNECTED ? RUN_FAILED : OK;
    }

    /**
     * A search that found the rate (or that even the highest allowed passed) is 0; one where no rate met the SLOs, or
     * the best was not confirmed, is 99; one the generator limited, that hit its step cap, was stopped, or in which
     * nothing connected is 3: it has no answer about KPC.
     */
    static int of(dev.kpcload.run.CapacityLauncher.Outcome outcome) {
        if (outcome.run() == RunOutcome.NO_DEVICE_CONNECTED) {
            return RUN_FAILED;
        }
        return switch (outcome.result().outcome()) {
            case FOUND, MAX_RATE_REACHED -> OK;
            case NONE_PASSED, UNCONFIRMED -> SLO_FAILED;
            case GENERATOR_LIMITED, STEP_LIMIT, STOPPED -> RUN_FAILED;
        };
    }

    /** A run that could not run at all says so first; then an abort; then a broken SLO. */
    static int of(RunSummary summary) {
        if (summary.outcome() == RunOutcome.NO_DEVICE_CONNECTED) {
            return RUN_FAILED;
        }
        if (summary.slo() != null && summary.slo().aborted()) {
            return SLO_ABORTED;
        }
        if (summary.slo() != null && !summary.slo().passed()) {
            return SLO_FAILED;
        }
        return of(summary.outcome());
    }
}
