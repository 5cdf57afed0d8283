package dev.kpcload.cli;

import dev.kpcload.run.Values;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.fleet.TokenFileWriter;
import dev.kpcload.fleet.TokenGenerator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** {@code loadgen tokens}: writes a file of random endpoint tokens. */
@Parameters(commandDescription = "Write random 10-character alphanumeric endpoint tokens to a CSV file")
final class TokensCommand implements Main.HasHelp {

    @Parameter(names = "--count", required = true, description = "How many tokens")
    String count;
    @Parameter(names = "--seed", description = "Seed, for the same tokens again (absent: random, printed)")
    String seed;
    @Parameter(names = "--out", required = true, description = "File to write (header 'token', one token per line)")
    String out;
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream console;

    TokensCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call() {
        int n = Values.intInRange(count, "--count", 1, 10_000_000);
        long s = seed == null ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) : Values.seed(seed, "--seed");
        TokenFileWriter.write(Path.of(out), TokenGenerator.generate(n, s));
        console.println("wrote " + n + " tokens to " + out + " (seed " + s + ")");
        return ExitCodes.OK;
    }
}
