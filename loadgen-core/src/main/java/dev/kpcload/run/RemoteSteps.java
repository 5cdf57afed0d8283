package dev.kpcload.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A shard's side of a sharded capacity search: its steps come from the coordinator (one line each on
 * {@code in}) and what each measured goes back to it (one line on {@code protocol}). The end of {@code in} ends the
 * search, as a coordinator that stopped would.
 */
public final class RemoteSteps implements SteppedPlan {

    private final BufferedReader in;
    private final PrintStream protocol;
    private final CapacityCpuWatch cpu = new CapacityCpuWatch();

    public RemoteSteps(BufferedReader in, PrintStream protocol) {
        this.in = in;
        this.protocol = protocol;
    }

    @Override
    public Step next() {
        protocol.println(ShardProtocol.ready());
        protocol.flush();
        try {
            String line = in.readLine();
            Step step = line == null ? null : ShardProtocol.readStep(ShardProtocol.JSON.readTree(line));
            cpu.start();
            return step;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void measured(StepMeasurement measurement) {
        protocol.println(ShardProtocol.measured(measurement, cpu.busiestShare()));
        protocol.flush();
    }
}
