package io.cloacina.database.test;

import java.nio.file.Path;

import io.cloacina.database.DatabaseBackend;

/**
 * The three places every backend test runs: a SQLite file, shared in-memory SQLite and a real
 * PostgreSQL server.
 */
public enum TestDatabase {

	/** A SQLite database file in a temporary directory. */
	SQLITE_FILE(DatabaseBackend.SQLITE) {
		@Override
		public String createUrl(Path directory) {
			return "sqlite://" + directory.resolve("test-" + System.nanoTime() + ".db").toAbsolutePath();
		}
	},

	/** An in-memory SQLite database shared by the connections of one data source. */
	SQLITE_MEMORY(DatabaseBackend.SQLITE) {
		@Override
		public String createUrl(Path directory) {
			return "sqlite::memory:";
		}
	},

	/** A fresh database on the embedded PostgreSQL server. */
	POSTGRESQL(DatabaseBackend.POSTGRESQL) {
		@Override
		public String createUrl(Path directory) {
			return TestPostgres.createDatabase();
		}
	};

	private final DatabaseBackend backend;

	TestDatabase(DatabaseBackend backend) {
		this.backend = backend;
	}

	/**
	 * The backend of this target.
	 * @return the backend
	 */
	public DatabaseBackend backend() {
		return this.backend;
	}

	/**
	 * Create a new, empty database.
	 * @param directory a temporary directory for database files
	 * @return the URL to give to {@code cloacina.database.url}
	 */
	public abstract String createUrl(Path directory);

}
