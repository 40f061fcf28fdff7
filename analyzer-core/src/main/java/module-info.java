/**
 * hellocheck: why did a TLS ClientHello get no ServerHello? Reads packet captures offline and explains every
 * TLS handshake that failed.
 *
 * <p>The API is {@link io.hellocheck} (the analyzer), {@link io.hellocheck.result} (its results) and
 * {@link io.hellocheck.render} (their JSON, CSV, text and HTML forms). Every other package is internal and may
 * change in any release.
 *
 * <p>pcap4j (with JNA and libpcap) is needed only for a BPF filter ({@code HelloCheck.Builder.filter}). It is
 * not required here: pcap4j 1.8.2's module descriptor requires a module {@code slf4j.api} that no slf4j release
 * names itself, so pcap4j cannot be resolved on the module path. It is read from the class path instead
 * ({@code --add-reads io.hellocheck=ALL-UNNAMED}, as this module is compiled).
 *
 * <p>ascii-table (the text report's tables) is read from the class path the same way: its jar names no module
 * (no module-info, no Automatic-Module-Name, up to 1.12.1), so a {@code requires} could only name the module
 * that Java derives from the jar's file name, which changes when the file is renamed. The text report makes this
 * module read the class path's unnamed module when it is first used, so no option is needed for it at run time.
 */
module io.hellocheck {
    exports io.hellocheck;
    exports io.hellocheck.result;
    exports io.hellocheck.render;

    // the HTML report's precompiled templates are loaded by the jte runtime
    opens io.hellocheck.report.html.templates to gg.jte.runtime;

    requires java.xml;
    requires java.naming;
    // @Generated on the precompiled templates (source retention)
    requires static java.compiler;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.csv;
    requires org.apache.commons.compress;
    // read by commons-compress for .xz and .zst captures and archives
    requires org.tukaani.xz;
    requires com.github.luben.zstd_jni;
    requires gg.jte.runtime;
}
