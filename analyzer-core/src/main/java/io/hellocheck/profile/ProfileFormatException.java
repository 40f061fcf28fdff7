package io.hellocheck.profile;

import java.io.IOException;

/**
 * A server profile file that cannot be read as a profile: unrecognised content, malformed JSON or XML,
 * no cipher suite at all. The message names the file and what was wrong.
 */
public class ProfileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String fileName;

    /** {@code fileName}: the name the file was read under; {@code problem}: what was wrong, a sentence. */
    public ProfileFormatException(String fileName, String problem) {
        super(fileName + ": " + problem);
        this.fileName = fileName;
    }

    /** With the underlying parser's exception as the cause. */
    public ProfileFormatException(String fileName, String problem, Throwable cause) {
        super(fileName + ": " + problem, cause);
        this.fileName = fileName;
    }

    /** The name the file was read under. */
    public String fileName() {
        return fileName;
    }
}
