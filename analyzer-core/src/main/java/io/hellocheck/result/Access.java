package io.hellocheck.result;

import io.hellocheck.engine.ApiAccess;
import java.util.List;

/** Makes and opens this package's wrappers for the rest of the library ({@link ApiAccess}). */
final class Access implements ApiAccess.Results {
    static {
        ApiAccess.register(new Access());
    }

    private Access() {
    }

    @Override
    public ConnectionRecord connection(io.hellocheck.analysis.ConnectionRecord r) {
        return new ConnectionRecord(r);
    }

    @Override
    public io.hellocheck.analysis.ConnectionRecord internal(ConnectionRecord r) {
        return r.internal();
    }

    @Override
    public CaptureResult capture(io.hellocheck.engine.CaptureResult r, io.hellocheck.batch.InputError error) {
        return new CaptureResult(r, error == null ? null : new InputError(error));
    }

    @Override
    public io.hellocheck.engine.CaptureResult internal(CaptureResult r) {
        return r.internal();
    }

    @Override
    public InputError error(io.hellocheck.batch.InputError e) {
        return new InputError(e);
    }

    @Override
    public io.hellocheck.batch.InputError internal(InputError e) {
        return e.internal();
    }

    @Override
    public CaptureWarning warning(io.hellocheck.engine.CaptureWarning w) {
        return new CaptureWarning(w);
    }

    @Override
    public io.hellocheck.engine.CaptureWarning internal(CaptureWarning w) {
        return w.internal();
    }

    @Override
    public BatchSummary summary(io.hellocheck.batch.BatchSummary s) {
        return new BatchSummary(s);
    }

    @Override
    public io.hellocheck.batch.BatchSummary internal(BatchSummary s) {
        return s.internal();
    }

    @Override
    public AnalysisResult result(List<String> inputs, List<CaptureResult> captures, List<InputError> errors,
                                 List<String> skipped, BatchSummary summary) {
        return new AnalysisResult(inputs, captures, errors, skipped, summary);
    }
}
