package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.InvalidDatabaseUrlException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows an unusable database configuration, such as an unsupported {@code cloacina.database.url},
 * as a description and an action instead of a stack trace.
 */
class DatabaseConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseConfigurationException cause) {
		// An invalid URL's message lists the accepted forms briefly; its action lists them in full.
		String description = (cause instanceof InvalidDatabaseUrlException invalid) ? invalid.getProblem()
				: cause.getMessage();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
