package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows an unusable database configuration, such as an unsupported {@code cloacina.database.url},
 * as a description and an action instead of a stack trace.
 */
class DatabaseConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
