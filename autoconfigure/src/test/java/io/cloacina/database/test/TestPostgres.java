package io.cloacina.database.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests, started from Maven dependencies (no Docker, no system
 * install): one server per JVM, a fresh database per caller.
 */
public final class TestPostgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private TestPostgres() {
	}

	/**
	 * The server, started on first use and stopped when the JVM exits.
	 * @return the running server
	 */
	public static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// The JVM is exiting anyway.
				}
			}));
		}
		return server;
	}

	/**
	 * Create an empty database.
	 * @return its URL in libpq form, user {@code postgres}, no password
	 */
	public static String createDatabase() {
		String name = "cloacina_test_" + databases.incrementAndGet();
		execute("CREATE DATABASE " + name);
		return "postgresql://postgres@localhost:" + server().getPort() + "/" + name;
	}

	/**
	 * Run SQL as superuser in the {@code postgres} database.
	 * @param sql the statements
	 */
	public static void execute(String sql) {
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run: " + sql, ex);
		}
	}

}
