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
		return new FailureAnalysis("Copying the data of " + DatabaseCopyInitializer.FROM_PROPERTY
				+ " into the application's database failed: " + cause.getMessage(),
				"The application's database is as it was before the copy: the copy ran in one transaction, which was "
						+ "rolled back (only the application's own migrations, which ran before it, are kept). Fix the "
						+ "cause above and start the application again with the same settings. "
						+ DatabaseCopyInitializer.PROPERTIES,
				cause);
	}

}
