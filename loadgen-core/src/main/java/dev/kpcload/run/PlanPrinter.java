package dev.kpcload.run;

import dev.kpcload.client.MixEntry;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.Rate;
import dev.kpcload.plan.Schedule;
import dev.kpcload.plan.StagedSchedule;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code loadgen profile FILE}: the compiled plan, without connecting: the stages with their rates and times, the
 * messages of each kind, the peak rate, the connect plan, the events and how long it all lasts. Pure: it anchors
 * the plans at 0 and reads them.
 */
public final class PlanPrinter {

    private PlanPrinter() {
    }

    public static void print(RunSpec spec, int devices, PrintStream out) {
        LoadSpec load = spec.load();
        if (spec.profile() != null) {
            out.println("profile " + spec.profile());
        }
        out.printf(Locale.ROOT, "devices   %,d from %s%s%n", devices, spec.tokensLabel(),
            spec.shards().count() > 1 ? " (all shards; each runs 1/" + spec.shards().count() + " of every rate)" : "");
        printConnect(load.connect(), devices, out);
        printPublish(load.publish(), devices, out);
        for (LoadSpec.StormSpec storm : load.storms()) {
            out.printf(Locale.ROOT, "event     reconnect storm at %s after the first message: %s of the connected"
                + " devices drop and reconnect with backoff and jitter%n", time(storm.atNanos()),
                storm.share() >= 1 ? "all" : String.format(Locale.ROOT, "%.1f %%", storm.share() * 100));
        }
        out.printf(Locale.ROOT, "session   confirm %s, QoS %d, inflight %d, response timeout %s, grace %s%n",
            spec.session().confirm().name().toLowerCase(Locale.ROOT), spec.session().qos(), spec.session().inflight(),
            DurationParser.format(Duration.ofNanos(spec.session().responseTimeoutNanos())),
            DurationParser.format(spec.grace()));
    }

    private static void printConnect(LoadSpec.ConnectSpec connect, int devices, PrintStream out) {
        Schedule plan = connect.anchor(0, devices, 1);
        long last = plan.intendedNanos(devices - 1);
        String how = connect.allAtOnce() ? "all at once"
            : connect.profile() == null ? "at " + new Rate(connect.perSecond())
            : "in stages, peak " + new Rate(connect.profile().peakPerSecond());
        out.printf(Locale.ROOT, "connect   %s%s: the last of %,d devices starts at %s%n", how,
            connect.poisson() ? " (Poisson arrivals)" : "", devices, time(last));
        if (plan instanceof StagedSchedule staged) {
            printStages(staged, out);
        }
    }

    private static void printPublish(LoadSpec.PublishSpec publish, int devices, PrintStream out) {
        if (publish.none()) {
            out.println("publish   no message plan: each meter sends its metadata report on CONNACK, as the tutorial's"
                + " meter does");
            return;
        }
        Schedule plan = publish.anchor(0, 1);
        long planned = plan.plannedCount();
        boolean endless = planned == Long.MAX_VALUE;
        out.printf(Locale.ROOT, "publish   %s, %s, peak %s, %s arrivals%n",
            endless ? "until stopped" : "for " + time(plan.endNanos()),
            endless ? "no end" : String.format(Locale.ROOT, "%,d messages", planned),
            new Rate(publish.peakPerSecond()), publish.poisson() ? "Poisson" : "uniform");
        if (plan instanceof StagedSchedule staged) {
            printStages(staged, out);
        }
        FleetMix mix = publish.fleetMix(devices);
        List<MixEntry> kinds = publish.mix();
        int totalWeight = kinds.stream().mapToInt(MixEntry::weight).sum();
        for (int i = 0; i < kinds.size(); i++) {
            MixEntry kind = kinds.get(i);
            String samples = kind.kind() == dev.kpcload.kp.MessageKind.DCX_JSON
                ? ", " + (kind.samples().isFixed() ? kind.samples().min() + " samples"
                : kind.samples().min() + ".." + kind.samples().max() + " samples") + " per batch" : "";
            out.printf(Locale.ROOT, "  kind    %-17s weight %d (%5.1f %%)%s%s%n", kind.kind().tag(), kind.weight(),
                100.0 * kind.weight() / totalWeight,
                endless ? "" : String.format(Locale.ROOT, ": %,d messages", mix.countBefore(i, planned)), samples);
        }
    }

    private static void printStages(StagedSchedule plan, PrintStream out) {
        out.printf(Locale.ROOT, "  %5s %10s %10s %24s %14s  %s%n", "stage", "from", "to", "rate (per second)",
            "messages", "");
        for (StagedSchedule.StageWindow w : plan.windows()) {
            out.printf(Locale.ROOT, "  %5d %10s %10s %24s %,14d  %s%n", w.stage() + 1, time(w.startNanos()),
                time(w.endNanos()), rate(w.fromPerSecond()) + " -> " + rate(w.toPerSecond()), w.messages(),
                w.warmup() ? "warm-up" : "");
        }
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.format(Locale.ROOT, "%.0f", perSecond)
            : String.format(Locale.ROOT, "%.2f", perSecond);
    }

    /** Time since the plan's start as h:mm:ss(.fff). */
    static String time(long nanos) {
        long millis = Math.round(nanos / 1e6);
        long h = millis / 3_600_000;
        long m = millis / 60_000 % 60;
        long s = millis / 1000 % 60;
        long ms = millis % 1000;
        return ms == 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
            : String.format(Locale.ROOT, "%d:%02d:%02d.%03d", h, m, s, ms);
    }
}
