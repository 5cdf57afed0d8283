package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.nio.file.Path;
import java.util.List;

/**
 * A load profile as its file says it, before flags override it: every value with its {@code FILE:LINE:COLUMN}.
 * Absent values are null; absent lists are empty. Only what the file alone can check has been checked.
 *
 * @param source      the file's name as given ({@code profiles/soak.yaml}), the prefix of every place
 * @param tokens      the token file, resolved against the profile's directory
 * @param server      {@code HOST:PORT[,HOST:PORT...]} as written, like {@code --server}
 * @param devices     use the first N tokens
 * @param seed        seed of the generated MACs and of every random choice the plan makes
 * @param connect     how devices connect; null: as the flags say
 * @param publish     the message plan; null: as the flags say
 * @param events      events during the message plan, in file order
 * @param session     settings that the flags of the same name override
 * @param slo         service level objectives as written (interpreted later)
 * @param startAt     when the plans begin on the wall clock, as written (like {@code --start-at})
 * @param startGrace  how late a shard may be ready for {@code startAt} and still run
 */
public record Profile(String source, Sourced<String> description, Sourced<Path> tokens, Sourced<String> server,
                      Sourced<Integer> devices, Sourced<Long> seed, Connect connect, Publish publish,
                      List<Event> events, Session session, List<Sourced<String>> slo, Sourced<String> startAt,
                      Sourced<java.time.Duration> startGrace) {

    /** A profile without a start time. */
    public Profile(String source, Sourced<String> description, Sourced<Path> tokens, Sourced<String> server,
                   Sourced<Integer> devices, Sourced<Long> seed, Connect connect, Publish publish,
                   List<Event> events, Session session, List<Sourced<String>> slo) {
        this(source, description, tokens, server, devices, seed, connect, publish, events, session, slo, null, null);
    }

    public Profile {
        events = List.copyOf(events);
        slo = List.copyOf(slo);
    }
}
