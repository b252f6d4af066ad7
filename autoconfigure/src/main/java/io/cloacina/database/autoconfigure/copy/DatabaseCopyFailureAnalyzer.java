package io.cloacina.database.autoconfigure.copy;

import io.cloacina.database.copy.DatabaseCopyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a copy that failed ({@code cloacina.copy.from}) as what went wrong and what to do, instead of
 * a stack trace: the copy runs in one transaction of the target, so nothing of it was kept.
 */
class DatabaseCopyFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseCopyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseCopyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"The application's database is as it was before the copy (but for the application's own migrations, "
						+ "which ran first): the copy ran in one transaction, rolled back. Fix the cause and start the "
						+ "application again with the same " + DatabaseCopyInitializer.FROM_PROPERTY + "; "
						+ "cloacina.copy.exclude-tables leaves a table out, cloacina.copy.replace-existing=true replaces "
						+ "the rows a target table has.",
				cause);
	}

}
