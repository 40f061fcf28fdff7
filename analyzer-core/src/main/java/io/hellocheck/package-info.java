/**
 * The hellocheck analyzer: {@link io.hellocheck.HelloCheck} reads packet captures (pcap, pcapng; plain, gzip,
 * xz, zstd or bzip2; alone, in folders, or in zip and tar archives) and says, for every TLS ClientHello, whether
 * a ServerHello came back and if not what happened instead. Results are in {@code io.hellocheck.result}, their
 * JSON, CSV, text and HTML forms in {@code io.hellocheck.render}.
 *
 * <p>These three packages are the library's API; every other package of the module is internal and may change
 * in any release.
 */
package io.hellocheck;
