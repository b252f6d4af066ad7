package io.cloacina.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import org.postgresql.PGConnection;

/**
 * A pooled connection to either backend, the Java form of cloacina's {@code AnyConnection}: exactly
 * two variants, {@link Postgres} and {@link Sqlite} (on Java 21 a pattern {@code switch} over it is
 * exhaustive).
 * <pre class="code">
 * try (AnyConnection any = dataSource.getAnyConnection()) {
 *     if (any instanceof AnyConnection.Postgres pg) {
 *         pg.pgConnection().getCopyAPI().copyIn("COPY t FROM STDIN", reader);
 *     }
 *     else if (any instanceof AnyConnection.Sqlite sqlite) {
 *         sqlite.connection().createStatement().executeUpdate("backup to backup.db");
 *     }
 * }
 * </pre>
 * Closing it returns the connection to the pool.
 *
 * @since 0.1.0
 */
public sealed interface AnyConnection extends AutoCloseable permits AnyConnection.Postgres, AnyConnection.Sqlite {

	/**
	 * Wrap a pooled connection of the given backend.
	 * @param backend the backend the connection belongs to
	 * @param connection the pooled connection
	 * @return the matching variant
	 */
	static AnyConnection of(DatabaseBackend backend, Connection connection) {
		Objects.requireNonNull(connection, "connection");
		return switch (backend) {
			case POSTGRESQL -> new Postgres(connection);
			case SQLITE -> new Sqlite(connection);
		};
	}

	/**
	 * The backend of this connection.
	 * @return the backend
	 */
	DatabaseBackend backend();

	/**
	 * The pooled JDBC connection; use it as any {@link Connection}.
	 * @return the connection
	 */
	Connection connection();

	/**
	 * Return the connection to the pool.
	 * @throws SQLException if the pool fails to take it back
	 */
	@Override
	default void close() throws SQLException {
		connection().close();
	}

	/**
	 * A PostgreSQL connection.
	 *
	 * @param connection the pooled connection
	 */
	record Postgres(Connection connection) implements AnyConnection {

		@Override
		public DatabaseBackend backend() {
			return DatabaseBackend.POSTGRESQL;
		}

		/**
		 * The driver's own connection, for PostgreSQL-only features such as {@code COPY}
		 * ({@link PGConnection#getCopyAPI()}) or {@code LISTEN}/{@code NOTIFY}.
		 * @return the pgjdbc connection
		 * @throws SQLException if the connection cannot be unwrapped
		 */
		public PGConnection pgConnection() throws SQLException {
			return this.connection.unwrap(PGConnection.class);
		}

	}

	/**
	 * A SQLite connection.
	 *
	 * @param connection the pooled connection
	 */
	record Sqlite(Connection connection) implements AnyConnection {

		@Override
		public DatabaseBackend backend() {
			return DatabaseBackend.SQLITE;
		}

	}

}
