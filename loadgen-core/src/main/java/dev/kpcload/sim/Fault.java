package dev.kpcload.sim;

import java.util.Locale;

/** One fault of a {@link FaultPlan}: what it does and {@link FaultTiming when}. */
public sealed interface Fault {

    FaultTiming timing();

    FaultKind kind();

    /** What it does, for the simulator's banner: {@code error-replies 10% as 503 at 0s for 5s}. */
    default String describe() {
        return kind().tag() + detail() + " " + timing().describe();
    }

    /** The fault's own settings, with a leading space, or empty. */
    String detail();

    private static String percent(double share) {
        return String.format(Locale.ROOT, " %s%%", new java.math.BigDecimal(share * 100)
                .round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString());
    }

    /** Stop reading (and accepting) and hold every reply for {@code for}; then everything queued is served. */
    record Stall(FaultTiming timing) implements Fault {
        public Stall {
            if (timing.forNanos() == 0) {
                throw new IllegalArgumentException("a stall needs a duration");
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.STALL;
        }

        @Override
        public String detail() {
            return "";
        }
    }

    /** While active, a {@code ratio} of the requests with a request ID is answered {@code /error}. */
    record ErrorReplies(FaultTiming timing, double ratio, int statusCode, String reason) implements Fault {
        public static final int DEFAULT_STATUS = 503;
        public static final String DEFAULT_REASON = "injected fault";

        public ErrorReplies {
            checkShare(ratio, "ratio");
            if (statusCode < 100 || statusCode > 599) {
                throw new IllegalArgumentException("status code out of 100..599: " + statusCode);
            }
            java.util.Objects.requireNonNull(reason, "reason");
        }

        @Override
        public FaultKind kind() {
            return FaultKind.ERROR_REPLIES;
        }

        @Override
        public String detail() {
            return percent(ratio) + " as " + statusCode;
        }
    }

    /** While active, a {@code ratio} of the CONNECTs is refused with CONNACK return code {@code returnCode}. */
    record RefuseConnects(FaultTiming timing, double ratio, int returnCode) implements Fault {
        public static final int DEFAULT_CODE = 3; // server unavailable

        public RefuseConnects {
            checkShare(ratio, "ratio");
            if (returnCode < 1 || returnCode > 5) {
                throw new IllegalArgumentException("MQTT 3.1.1 refusal codes are 1..5: " + returnCode);
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.REFUSE_CONNECTS;
        }

        @Override
        public String detail() {
            return percent(ratio) + " with code " + returnCode;
        }
    }

    /**
     * Closes connections that completed CONNECT: a {@code share} of them at each occurrence (no {@code for}), or
     * one at a time at {@code perSecond} while the window lasts. Exactly one of the two is more than 0.
     */
    record DropConnections(FaultTiming timing, double share, double perSecond) implements Fault {
        public DropConnections {
            if ((share > 0) == (perSecond > 0)) {
                throw new IllegalArgumentException("a drop takes a share or a rate, not both");
            }
            if (share > 0) {
                checkShare(share, "share");
                if (timing.forNanos() > 0) {
                    throw new IllegalArgumentException("dropping a share strikes at once: no duration");
                }
            }
            if (Double.isInfinite(perSecond) || perSecond < 0) {
                throw new IllegalArgumentException("rate must be finite: " + perSecond);
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.DROP_CONNECTIONS;
        }

        @Override
        public String detail() {
            return share > 0 ? percent(share) : " " + new dev.kpcload.plan.Rate(perSecond);
        }
    }

    /**
     * A {@code share} of the connections that completed CONNECT stops answering (and reading anything but to
     * throw it away) without closing: only the client's keepalive can find it.
     */
    record HalfOpen(FaultTiming timing, double share) implements Fault {
        public HalfOpen {
            checkShare(share, "share");
            if (timing.forNanos() > 0) {
                throw new IllegalArgumentException("half-open strikes at once: no duration");
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.HALF_OPEN;
        }

        @Override
        public String detail() {
            return percent(share);
        }
    }

    /** While active, each connection is read at most {@code bytesPerSecond}. */
    record SlowReader(FaultTiming timing, long bytesPerSecond) implements Fault {
        public SlowReader {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("bytes per second must be at least 1: " + bytesPerSecond);
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.SLOW_READER;
        }

        @Override
        public String detail() {
            return " " + bytesPerSecond + " B/s per connection";
        }
    }

    /** Closes the listener and every connection; listens again on the same port after {@code for}. */
    record Restart(FaultTiming timing) implements Fault {
        public Restart {
            if (timing.forNanos() == 0) {
                throw new IllegalArgumentException("a restart needs a down time");
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.RESTART;
        }

        @Override
        public String detail() {
            return "";
        }
    }

    private static void checkShare(double share, String name) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException(name + " must be more than 0 and at most 1: " + share);
        }
    }
}
