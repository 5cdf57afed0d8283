package dev.kpcload.fuzz;

import dev.kpcload.client.ClientFuzzTarget;
import dev.kpcload.sim.SimFuzzTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fuzz benchmark ({@code bench/run.sh fuzz}): a million seeded inputs or more per target, the same targets
 * and properties as the suite's fuzz tests. Prints one tab-separated line per target
 * ({@code target seed inputs seconds inputs_per_s violations outcomes}) and every finding; exits 1 on any.
 *
 * <p>Usage: {@code FuzzMain [--inputs N] [--seed S] [--target sim|client|all]}
 */
public final class FuzzMain {

    private FuzzMain() {
    }

    public static void main(String[] args) {
        long inputs = 1_000_000;
        long seed = 20_261_122L;
        String which = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--inputs" -> inputs = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--target" -> which = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i] + " (expected --inputs N, --seed S, --target sim|client|all)");
                    System.exit(2);
                }
            }
        }
        List<Supplier<FuzzTarget>> targets = new ArrayList<>();
        if (which.equals("all") || which.equals("sim")) {
            targets.add(SimFuzzTarget::new);
        }
        if (which.equals("all") || which.equals("client")) {
            targets.add(ClientFuzzTarget::new);
        }
        if (targets.isEmpty()) {
            System.err.println("--target: expected sim, client or all, got " + which);
            System.exit(2);
        }
        long violations = 0;
        for (Supplier<FuzzTarget> make : targets) {
            try (FuzzTarget target = make.get()) {
                FuzzReport r = FuzzLoop.run(target, seed, inputs);
                System.out.printf(java.util.Locale.ROOT, "%s\t%d\t%d\t%.1f\t%.0f\t%d\t%s%n", r.target(), r.seed(),
                    r.inputs(), r.elapsedNanos() / 1e9, r.inputsPerSecond(), r.violationCount(), r.outcomes());
                for (Finding f : r.examples()) {
                    System.out.println("# " + f);
                }
                violations += r.violationCount();
            }
        }
        System.exit(violations == 0 ? 0 : 1);
    }
}
