package io.hellocheck.analysis;

import io.hellocheck.tls.ServerHello;

/**
 * A ServerHello (or HelloRetryRequest) as seen in the capture.
 *
 * @param frame     frame carrying its first byte (from 1)
 * @param timeNanos capture time of that frame, ns since the epoch
 * @param hello     the decoded message
 */
public record ServerHelloInfo(long frame, long timeNanos, ServerHello hello) {
}
