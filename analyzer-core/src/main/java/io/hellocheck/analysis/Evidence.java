package io.hellocheck.analysis;

/**
 * One fact an outcome rests on.
 *
 * @param frame     frame number (from 1)
 * @param timeNanos capture time, ns since the epoch
 * @param what      the fact in plain words ("RST from server", "ClientHello, 517 bytes, SNI example.com")
 */
public record Evidence(long frame, long timeNanos, String what) {
}
