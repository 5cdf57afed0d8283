package dev.kpcload.cli;

import dev.kpcload.result.RunOutcome;

/** What the process's exit code means. */
final class ExitCodes {
    /** The run did its work (whatever the server answered: errors are in the summary). */
    static final int OK = 0;
    /** Bad input: a flag, a file or a line was not what was expected. */
    static final int BAD_INPUT = 2;
    /** The run could not do its work, for example no device connected. */
    static final int RUN_FAILED = 3;
    /** {@code report compare}: NEW is worse than BASE beyond the tolerance on a judged item. */
    static final int REGRESSION = 99;

    private ExitCodes() {
    }

    static int of(RunOutcome outcome) {
        return outcome == RunOutcome.NO_DEVICE_CONNECTED ? RUN_FAILED : OK;
    }
}
