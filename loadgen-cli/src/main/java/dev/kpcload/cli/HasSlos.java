package dev.kpcload.cli;

import java.util.List;

/** A command that takes {@code --slo} (repeatable): its expressions, read into the run's settings. */
interface HasSlos {
    List<String> slos();
}
