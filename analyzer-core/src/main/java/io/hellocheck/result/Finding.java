package io.hellocheck.result;

import java.util.List;

/** One likely cause of a failed handshake, with what to do next (JSON {@code diagnosis[]}). Immutable. */
public final class Finding {
    private final io.hellocheck.analysis.Finding finding;

    Finding(io.hellocheck.analysis.Finding finding) {
        this.finding = finding;
    }

    /**
     * {@return the cause's id}, such as {@code no_shared_cipher_suite} or {@code version_mismatch} (the values
     * of the schema's {@code finding.cause})
     */
    public String cause() {
        return finding.cause().id();
    }

    /** {@return how sure the diagnosis is} */
    public Confidence confidence() {
        return Confidence.valueOf(finding.confidence().name());
    }

    /** {@return why the capture points to this cause}, plain sentences */
    public String explanation() {
        return finding.explanation();
    }

    /** {@return the frames the finding rests on}, in frame order */
    public List<Evidence> evidence() {
        return finding.evidence().stream().map(Evidence::new).toList();
    }

    /** {@return what to check or change next}, plain sentences */
    public String nextStep() {
        return finding.nextStep();
    }

    /** {@return {@code cause (confidence)}} */
    @Override
    public String toString() {
        return cause() + " (" + confidence() + ")";
    }
}
