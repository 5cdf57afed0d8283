package dev.kpcload.compare;

/** The relative change between two values, with its edge cases in one place. */
final class Change {

    private Change() {
    }

    static double relative(double base, double next) {
        if (Double.isNaN(base) || Double.isNaN(next)) {
            return Double.NaN;
        }
        if (base == 0) {
            return next == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, next);
        }
        return (next - base) / Math.abs(base);
    }
}
