package dev.kpcload.metrics;

/** Live values of a run that are levels, not counts: set by the run and its progress reporter, read by scrapes. */
public final class RunGauges {

    private volatile int targetDevices;
    private volatile double targetRate;
    private volatile double achievedRate;
    private volatile double startLateSeconds;
    private volatile double firstIntendedSendSeconds = Double.NaN;

    public int targetDevices() {
        return targetDevices;
    }

    public void targetDevices(int devices) {
        targetDevices = devices;
    }

    /** The plan's rate, messages per second; 0 before publishing and after the plan ended. */
    public double targetRate() {
        return targetRate;
    }

    public void targetRate(double rate) {
        targetRate = rate;
    }

    /** Messages sent per second over the last report interval. */
    public double achievedRate() {
        return achievedRate;
    }

    public void achievedRate(double rate) {
        achievedRate = rate;
    }

    /** How late after its {@code --start-at} this process was ready to start; 0 when on time or without one. */
    public double startLateSeconds() {
        return startLateSeconds;
    }

    public void startLateSeconds(double seconds) {
        startLateSeconds = seconds;
    }

    /** The unix time of the message plan's first intended send; NaN until the plan is anchored. */
    public double firstIntendedSendSeconds() {
        return firstIntendedSendSeconds;
    }

    public void firstIntendedSendSeconds(double unixSeconds) {
        firstIntendedSendSeconds = unixSeconds;
    }
}
