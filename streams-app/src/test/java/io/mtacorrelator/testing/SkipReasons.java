package io.mtacorrelator.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test did not run: one line per skipped (disabled, e.g. without Docker) or aborted
 * (a failed assumption) test or class, instead of only a count of skipped tests. Registered through
 * META-INF/services for surefire and failsafe alike.
 */
public final class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(final TestIdentifier test, final String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(final TestIdentifier test, final TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void report(final TestIdentifier test, final String reason) {
        final String name = test.isContainer() ? test.getLegacyReportingName()
                : test.getParentId().map(SkipReasons::className).orElse("?") + "." + test.getLegacyReportingName();
        System.out.println("[SKIPPED] " + name + ": " + (reason == null ? "no reason given" : reason.strip()));
    }

    private static String className(final String uniqueId) {
        final int at = uniqueId.lastIndexOf("[class:");
        return at < 0 ? uniqueId : uniqueId.substring(at + "[class:".length(), uniqueId.indexOf(']', at))
                .replaceFirst("^.*\\.", "");
    }
}
