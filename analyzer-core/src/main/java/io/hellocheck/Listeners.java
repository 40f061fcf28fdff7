package io.hellocheck;

import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.InputError;
import io.hellocheck.engine.ApiAccess;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import java.util.ArrayList;
import java.util.List;

/** The batch's listener in front of a public {@link AnalysisListener}: wraps each internal result it hands on. */
final class Listeners implements BatchListener {
    private final AnalysisListener target;
    private final ApiAccess.Results wrap = ApiAccess.results();

    Listeners(AnalysisListener target) {
        this.target = target;
    }

    @Override
    public void inputs(List<String> inputs, long totalBytes) {
        target.started(inputs);
    }

    @Override
    public void captureStarted(String capture) {
        target.captureStarted(capture);
    }

    @Override
    public void connection(ConnectionRecord record) {
        target.connection(wrap.connection(record));
    }

    @Override
    public void captureFinished(CaptureResult result) {
        target.captureFinished(wrap.capture(result, null));
    }

    @Override
    public void captureFailed(CaptureResult partial, InputError error) {
        target.captureFinished(wrap.capture(partial, error));
    }

    @Override
    public void warning(String input, CaptureWarning warning) {
        target.warning(input, wrap.warning(warning));
    }

    @Override
    public void error(InputError error) {
        target.error(wrap.error(error));
    }

    @Override
    public void skipped(String name) {
        target.skipped(name);
    }

    /** Collects every capture's result, its connection records included, for {@link HelloCheck#analyze}. */
    static final class Collector implements AnalysisListener {
        private final ApiAccess.Results wrap = ApiAccess.results();
        private final List<String> inputs = new ArrayList<>();
        private final List<ConnectionRecord> records = new ArrayList<>();
        private final List<io.hellocheck.result.CaptureResult> captures = new ArrayList<>();
        private final List<io.hellocheck.result.InputError> errors = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        @Override
        public void started(List<String> names) {
            inputs.addAll(names);
        }

        @Override
        public void captureStarted(String capture) {
            records.clear();
        }

        @Override
        public void connection(io.hellocheck.result.ConnectionRecord record) {
            records.add(wrap.internal(record));
        }

        @Override
        public void captureFinished(io.hellocheck.result.CaptureResult result) {
            CaptureResult r = wrap.internal(result);
            CaptureResult whole = new CaptureResult(records, r.servers(), r.summary(), r.warnings());
            captures.add(wrap.capture(whole, result.error().map(wrap::internal).orElse(null)));
            records.clear();
        }

        @Override
        public void error(io.hellocheck.result.InputError error) {
            errors.add(error);
        }

        @Override
        public void skipped(String name) {
            skipped.add(name);
        }

        io.hellocheck.result.AnalysisResult result(io.hellocheck.batch.BatchSummary summary) {
            return wrap.result(inputs, captures, errors, skipped, wrap.summary(summary));
        }
    }
}
