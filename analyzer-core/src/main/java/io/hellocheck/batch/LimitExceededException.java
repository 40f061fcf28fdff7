package io.hellocheck.batch;

import java.io.IOException;

/** A decompression bound of {@link ArchiveLimits} was hit; reading stops there. */
final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(String message) {
        super(message);
    }
}
