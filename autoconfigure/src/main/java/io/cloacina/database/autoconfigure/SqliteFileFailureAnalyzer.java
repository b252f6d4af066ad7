package io.cloacina.database.autoconfigure;

import io.cloacina.database.sqlite.SqliteFileException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a SQLite database file that cannot be created or opened at startup: its directory cannot
 * be created or is not writable.
 */
class SqliteFileFailureAnalyzer extends AbstractFailureAnalyzer<SqliteFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SqliteFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set cloacina.database.url to a SQLite file in a directory this application can create and write, "
						+ "e.g. sqlite://data/app.db (relative to the working directory) or sqlite:///var/lib/app/app.db, "
						+ "or make " + cause.getPath().getParent() + " a writable directory. The starter creates "
						+ "missing directories, but not inside a regular file or a read-only location.",
				cause);
	}

}
