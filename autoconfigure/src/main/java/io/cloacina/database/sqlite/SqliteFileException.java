package io.cloacina.database.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A SQLite database file that cannot be opened or created: its directory cannot be created (a
 * regular file is in the way, or the location is read-only) or SQLite cannot open the file. Keeps the
 * driver's SQL state and error code.
 *
 * @since 0.1.0
 */
public class SqliteFileException extends SQLException {

	private final transient Path path;

	/**
	 * Create an exception.
	 * @param message the description, naming the file
	 * @param path the database file
	 * @param cause the driver's or the file system's exception
	 */
	public SqliteFileException(String message, Path path, Throwable cause) {
		super(message, (cause instanceof SQLException sql) ? sql.getSQLState() : null,
				(cause instanceof SQLException sql) ? sql.getErrorCode() : 0, cause);
		this.path = path;
	}

	/**
	 * The database file.
	 * @return the path
	 */
	public Path getPath() {
		return this.path;
	}

}
