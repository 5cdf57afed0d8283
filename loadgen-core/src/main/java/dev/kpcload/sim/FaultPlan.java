package dev.kpcload.sim;

import java.util.ArrayList;
import java.util.List;

/** The faults a simulator injects, each with its timing; from flags and a YAML file ({@link FaultPlanReader}). */
public record FaultPlan(List<Fault> faults) {

    public static final FaultPlan NONE = new FaultPlan(List.of());

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    public static FaultPlan of(Fault... faults) {
        return new FaultPlan(List.of(faults));
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /** This plan's faults followed by {@code other}'s. */
    public FaultPlan and(FaultPlan other) {
        List<Fault> all = new ArrayList<>(faults);
        all.addAll(other.faults);
        return new FaultPlan(all);
    }
}
