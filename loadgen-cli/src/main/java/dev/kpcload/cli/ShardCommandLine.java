package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of one shard of a sharded capacity search: this JVM's java and class path, the flags this
 * command was given (but its own outputs), and the shard's index, the run's ID and its own output folder.
 */
final class ShardCommandLine {

    /** Flags the coordinator keeps to itself, or gives each shard its own value of. */
    private static final Set<String> NOT_PASSED = Set.of("--out", "--result-json", "--json-out", "--hlog",
        "--shard-index", "--run-id", "--metrics-port", "--help");

    private ShardCommandLine() {
    }

    static List<String> of(JCommander parsed, int shard, String runId, Path outDir) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // heap and GC choices carry over; agents and debuggers of this JVM do not
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xm") || option.startsWith("-XX:+Use") || option.startsWith("-XX:ActiveProcessorCount")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("capacity");
        for (ParameterDescription p : parsed.getParameters()) {
            String name = p.getLongestName();
            if (!p.isAssigned() || NOT_PASSED.contains(name) || name.equals("--shard-worker")) {
                continue;
            }
            Object value = p.getParameterized().get(p.getObject());
            if (value instanceof List<?> values) {
                for (Object v : values) {
                    command.add(name);
                    command.add(String.valueOf(v));
                }
            } else if (value instanceof Boolean flag) {
                if (flag) {
                    command.add(name);
                }
            } else {
                command.add(name);
                command.add(String.valueOf(value));
            }
        }
        command.add("--shard-worker");
        command.add("--shard-index");
        command.add(String.valueOf(shard));
        command.add("--run-id");
        command.add(runId);
        if (outDir != null) {
            command.add("--out");
            command.add(outDir.resolve("shard-" + shard).toString());
        }
        return command;
    }
}
