package dev.kpcload.cli;

import com.beust.jcommander.Parameter;

/** Every command's own {@code -h/--help}. */
final class HelpFlag {
    @Parameter(names = {"-h", "--help"}, help = true, description = "Show usage")
    boolean help;
}
