package io.cloacina.sample;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why a second instance on one SQLite file does not start, and what to do instead.
 */
class SecondInstanceFailureAnalyzer extends AbstractFailureAnalyzer<SqliteInstanceLock.SecondInstanceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SqliteInstanceLock.SecondInstanceException cause) {
		return new FailureAnalysis(cause.getMessage() + ". SQLite has one writer, coordinated inside one process.",
				"Stop the other instance, give this one its own file (--cloacina.database.url=sqlite://data/other.db), "
						+ "or run several instances on PostgreSQL (--cloacina.database.url=postgresql://user@host:5432/db).",
				cause);
	}

}
