package io.hellocheck.capture;

/**
 * A BPF capture filter (tcpdump syntax, e.g. {@code "tcp port 443"}) applied to frames, compiled by
 * libpcap through pcap4j.
 *
 * <p>pcap4j ({@code org.pcap4j:pcap4j-core}) and JNA ({@code net.java.dev.jna:jna}) are optional dependencies of
 * analyzer-core: only a filter needs them, with libpcap (Debian package {@code libpcap0.8}, Npcap on Windows).
 * When one of them is missing, {@link #compile(String)} says which and how to add it; no
 * {@link NoClassDefFoundError} or {@link UnsatisfiedLinkError} reaches the caller. pcap4j logs through SLF4J
 * 1.7: an application without an SLF4J binding gets SLF4J's "Failed to load class" notice on standard error the
 * first time a filter is compiled, unless it adds one (e.g. {@code org.slf4j:slf4j-nop}).
 *
 * <p>{@link #compile(String)} checks the expression against Ethernet at once, so a syntax error is reported
 * before any frame is read; the expression is compiled again for each other link type met. Not thread-safe;
 * {@link #close()} frees the compiled programs.
 */
public final class BpfFilter implements AutoCloseable {

    /** What a project must add to its dependencies for a filter: the versions analyzer-core is built with. */
    static final String DEPENDENCIES = "org.pcap4j:pcap4j-core:1.8.2 and net.java.dev.jna:jna:5.19.1";

    private final String expression;
    private final PcapPrograms programs;

    private BpfFilter(String expression, PcapPrograms programs) {
        this.expression = expression;
        this.programs = programs;
    }

    /**
     * Compiles {@code expression} (checked against Ethernet at once).
     *
     * @throws IllegalArgumentException with libpcap's message when the expression does not compile, or when it is
     *                                  null
     * @throws IllegalStateException    when pcap4j or JNA is not on the class path (the message names the
     *                                  dependencies to add), or when libpcap cannot be loaded
     */
    public static BpfFilter compile(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("BPF filter expression is null");
        }
        requireOnClassPath("org.pcap4j.core.Pcaps", "pcap4j");
        requireOnClassPath("com.sun.jna.Native", "JNA");
        try {
            return new BpfFilter(expression, PcapPrograms.compile(expression));
        } catch (IllegalAccessError e) {
            // the named module io.hellocheck does not read the class path, where pcap4j must be (module-info.java)
            throw new IllegalStateException("BPF filters need pcap4j on the class path, and the module "
                    + "io.hellocheck to read it: run with --add-reads io.hellocheck=ALL-UNNAMED (" + e + ")", e);
        } catch (LinkageError e) {
            // pcap4j or JNA of a version whose classes differ from the ones analyzer-core is built with
            throw new IllegalStateException("BPF filters need " + DEPENDENCIES + " (found other versions: " + e
                    + ")", e);
        }
    }

    private static void requireOnClassPath(String className, String library) {
        try {
            Class.forName(className, false, BpfFilter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("BPF filters need " + library + ", which is not on the class path: add "
                    + DEPENDENCIES + " to your dependencies (optional dependencies of analyzer-core), and install "
                    + "libpcap (Debian package libpcap0.8)", e);
        }
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /**
     * Whether the frame passes the filter, judged on its captured bytes and original length as tcpdump
     * would.
     *
     * @throws IllegalArgumentException when the expression cannot be compiled for the frame's link type
     *                                  (e.g. {@code "ether host ..."} on raw IP), with libpcap's message
     * @throws IllegalStateException    when the filter is closed
     */
    public boolean matches(Frame frame) {
        return programs.matches(frame);
    }

    /** Frees the compiled programs; idempotent. */
    @Override
    public void close() {
        programs.close();
    }
}
