package io.hellocheck.engine;

import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import java.util.List;

/**
 * The bridge between the public result types ({@code io.hellocheck.result}), which wrap the analysis's records,
 * and the code that makes or renders them in other packages: the result package registers its
 * {@link Results} here when loaded (the JDK's "shared secrets" pattern), so the wrappers need no public
 * constructor nor accessor of what they wrap. Internal.
 */
public final class ApiAccess {
    private static volatile Results results;

    private ApiAccess() {
    }

    /** Wraps and unwraps the public result types. */
    public interface Results {
        io.hellocheck.result.ConnectionRecord connection(ConnectionRecord r);

        ConnectionRecord internal(io.hellocheck.result.ConnectionRecord r);

        /** A capture's result; {@code error} is the damage that ended it early, or null. */
        io.hellocheck.result.CaptureResult capture(CaptureResult r, InputError error);

        CaptureResult internal(io.hellocheck.result.CaptureResult r);

        io.hellocheck.result.InputError error(InputError e);

        InputError internal(io.hellocheck.result.InputError e);

        io.hellocheck.result.CaptureWarning warning(CaptureWarning w);

        CaptureWarning internal(io.hellocheck.result.CaptureWarning w);

        io.hellocheck.result.BatchSummary summary(BatchSummary s);

        BatchSummary internal(io.hellocheck.result.BatchSummary s);

        io.hellocheck.result.AnalysisResult result(List<String> inputs, List<io.hellocheck.result.CaptureResult> captures,
                                                   List<io.hellocheck.result.InputError> errors, List<String> skipped,
                                                   io.hellocheck.result.BatchSummary summary);
    }

    /** Called once, by the result package's {@code Access} when it is loaded. */
    public static void register(Results r) {
        results = r;
    }

    /** The result package's wrappers, loading it first if no result type was used yet. */
    public static Results results() {
        Results r = results;
        if (r == null) {
            try {
                Class.forName("io.hellocheck.result.Access", true, ApiAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            r = results;
        }
        return r;
    }
}
