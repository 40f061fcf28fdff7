package io.hellocheck.analysis;

import io.hellocheck.tls.ClientHello;
import java.util.List;

/**
 * A ClientHello as seen in the capture.
 *
 * @param frame        frame carrying its first byte (from 1)
 * @param frames       every frame carrying part of it, ascending
 * @param timeNanos    capture time of the first frame, ns since the epoch
 * @param lastFrame    frame carrying its last byte
 * @param lastTimeNanos capture time of the last byte's frame, ns since the epoch
 * @param lengthBytes  handshake message length including its 4-byte header, in bytes
 * @param hello        the decoded message, or null when it could not be decoded
 * @param decodeError  why it could not be decoded, or null
 */
public record HelloInfo(long frame, List<Long> frames, long timeNanos, long lastFrame, long lastTimeNanos,
                        int lengthBytes, ClientHello hello, String decodeError) {
}
