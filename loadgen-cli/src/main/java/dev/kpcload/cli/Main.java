package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import dev.kpcload.CannotRunException;
import dev.kpcload.InvalidInputException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code loadgen run | sim | tokens}: parses the command line and maps every outcome to an exit code. */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;

    public Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        leakDetectionOffUnlessAsked();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Main(out, err).execute(args));
    }

    /**
     * Netty's leak detector samples buffers and records where they went: at its default level it made about 300
     * stack-trace records a second at 10,000 messages/s. Runs are not where leaks are hunted (the tests run it
     * paranoid), so it is off unless {@code -Dio.netty.leakDetection.level} asks for it.
     */
    static void leakDetectionOffUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
            && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Runs a command; returns the exit code instead of exiting, so tests can call it. */
    public int execute(String[] args) {
        RunCommand run = new RunCommand(out, err);
        SimCommand sim = new SimCommand(out, err);
        TokensCommand tokens = new TokensCommand(out);
        ReportCommand report = new ReportCommand(out);
        ProfileCommand profile = new ProfileCommand(out);
        CapacityCommand capacity = new CapacityCommand(out, err);
        CertsCommand certs = new CertsCommand(out);
        HelpOption help = new HelpOption();
        JCommander commander = JCommander.newBuilder()
            .programName("loadgen")
            .addObject(help)
            .addCommand("run", run)
            .addCommand("sim", sim)
            .addCommand("tokens", tokens)
            .addCommand("report", report)
            .addCommand("profile", profile)
            .addCommand("capacity", capacity)
            .addCommand("certs", certs)
            .build();
        try {
            commander.parse(args);
        } catch (ParameterException e) {
            String command = commander.getParsedCommand();
            String unknown = UnknownOptions.explain(e.getMessage(),
                command == null ? commander : commander.getCommands().get(command));
            err.println("loadgen" + (command == null ? "" : " " + command) + ": "
                + (unknown != null ? unknown : oneLine(e.getMessage()))
                + " (see loadgen " + (command == null ? "" : command + " ") + "--help)");
            return ExitCodes.BAD_INPUT;
        }
        String command = commander.getParsedCommand();
        if (command == null) {
            (help.help ? out : err).println(commandList(commander));
            return help.help ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
        JCommander sub = commander.getCommands().get(command);
        if (help.help || ((HasHelp) sub.getObjects().get(0)).helpRequested()) {
            sub.setProgramName("loadgen " + command);
            sub.usage();
            return ExitCodes.OK;
        }
        try {
            return switch (command) {
                case "run" -> run.call(sub);
                case "sim" -> sim.call();
                case "report" -> report.call();
                case "profile" -> profile.call(sub);
                case "capacity" -> capacity.call(sub);
                case "certs" -> certs.call();
                default -> tokens.call();
            };
        } catch (InvalidInputException e) {
            err.println("loadgen " + command + ": " + oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (CannotRunException e) {
            err.println("loadgen " + command + ": " + oneLine(e.getMessage()));
            return ExitCodes.RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("loadgen " + command + ": interrupted");
            return ExitCodes.RUN_FAILED;
        } catch (RuntimeException e) {
            // a bug, not bad input: one line, and the trace only when asked for
            err.println("loadgen " + command + ": internal error: " + e + " (set LOADGEN_DEBUG=1 for details)");
            if (System.getenv("LOADGEN_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return ExitCodes.RUN_FAILED;
        }
    }

    private static String commandList(JCommander commander) {
        StringBuilder text = new StringBuilder("Usage: loadgen COMMAND [options]   (loadgen COMMAND --help lists them)\n");
        commander.getCommands().forEach((name, sub) -> text.append(String.format("  %-8s %s%n", name,
            commander.getUsageFormatter().getCommandDescription(name))));
        return text.toString().stripTrailing();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }

    /** A command with its own {@code --help}. */
    interface HasHelp {
        boolean helpRequested();
    }

    static final class HelpOption {
        @com.beust.jcommander.Parameter(names = {"-h", "--help"}, help = true, description = "Show usage")
        boolean help;
    }
}
