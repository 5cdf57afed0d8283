package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says {@code unknown option --profle (did you mean --profile?)} where JCommander would say "Was passed main
 * parameter '--profle' but no main parameter was defined in your arg class".
 */
final class UnknownOptions {

    private static final Pattern PASSED_MAIN = Pattern.compile("Was passed main parameter '([^']*)'.*");
    private static final Pattern UNKNOWN = Pattern.compile("Unknown option: (\\S+).*");

    private UnknownOptions() {
    }

    /** A clearer message for an unknown option, or null when the message is about something else. */
    static String explain(String message, JCommander command) {
        String option = option(message);
        if (option == null || !option.startsWith("-")) {
            return null;
        }
        String closest = closest(option, names(command));
        return "unknown option " + option + (closest == null ? "" : " (did you mean " + closest + "?)");
    }

    private static String option(String message) {
        if (message == null) {
            return null;
        }
        for (Pattern p : new Pattern[] {PASSED_MAIN, UNKNOWN}) {
            Matcher m = p.matcher(message.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<String> names(JCommander command) {
        List<String> names = new ArrayList<>();
        if (command != null) {
            for (ParameterDescription p : command.getParameters()) {
                names.add(p.getLongestName());
            }
        }
        return names;
    }

    /** The known option nearest by edit distance, if near enough to be a typo (at most a third of its length). */
    static String closest(String option, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int d = distance(option, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best != null && bestDistance <= Math.max(2, option.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
