package io.hellocheck.profile;

import java.util.List;
import java.util.Objects;

/**
 * A user profile as read from a file, with what the reader could not use.
 *
 * @param profile  the profile (source {@link ProfileSource.Kind#USER})
 * @param format   the format recognised in the file
 * @param warnings what was skipped or doubtful, one sentence each, in the order found (unknown names,
 *                 SSL 2.0 cipher specs, several scanned servers merged); empty when nothing was
 */
public record ParsedProfile(ServerProfile profile, ProfileFormat format, List<String> warnings) {

    /** Copies the list. */
    public ParsedProfile {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(format, "format");
        warnings = List.copyOf(warnings);
    }
}
