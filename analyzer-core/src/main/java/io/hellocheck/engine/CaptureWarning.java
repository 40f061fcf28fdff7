package io.hellocheck.engine;

/**
 * Something the user should know about a capture that still was analyzed.
 *
 * @param message    one plain sentence
 * @param byteOffset byte offset in the (decompressed) file it concerns, or -1
 */
public record CaptureWarning(String message, long byteOffset) {
}
