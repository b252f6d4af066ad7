package io.cloacina.database.sqlite;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens the physical SQLite connections that the pool holds, each wrapped once in a
 * {@link SqliteSingleWriterConnection} that shares this database's {@link SqliteWriteGate}.
 * <p>
 * For an in-memory database it keeps one extra connection open from the first connection to
 * {@link #close()}: a shared in-memory database lives only while some connection to it is open,
 * so the pool may evict and renew all of its connections without the data vanishing. For a file in
 * WAL mode it has a {@link SqliteCheckpointer} checkpoint the log after writes, and sets up each new
 * connection to leave checkpoints to it.
 */
final class SqliteConnectionFactory implements DataSource, AutoCloseable {

	private final String jdbcUrl;

	private final Properties properties;

	private final SqliteWriteGate gate;

	/** Checkpoints the write-ahead log of a file in WAL mode; {@code null} otherwise. */
	private final SqliteCheckpointer checkpointer;

	private final boolean inMemory;

	private final Path directory;

	private volatile boolean directoryReady;

	private Connection keeper;

	private boolean closed;

	private volatile int loginTimeoutSeconds = 5;

	SqliteConnectionFactory(String jdbcUrl, Properties properties, long writeTimeoutMillis, boolean inMemory) {
		this.jdbcUrl = jdbcUrl;
		this.directory = inMemory ? null : directoryOf(jdbcUrl.substring("jdbc:sqlite:".length()));
		this.properties = properties;
		this.inMemory = inMemory;
		this.checkpointer = (!inMemory && "WAL".equalsIgnoreCase(properties.getProperty("journal_mode")))
				? new SqliteCheckpointer(jdbcUrl, properties) : null;
		this.gate = (this.checkpointer != null) ? new SqliteWriteGate(writeTimeoutMillis, this.checkpointer::written)
				: new SqliteWriteGate(writeTimeoutMillis);
	}

	String jdbcUrl() {
		return this.jdbcUrl;
	}

	SqliteWriteGate gate() {
		return this.gate;
	}

	SqliteCheckpointer checkpointer() {
		return this.checkpointer;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.inMemory) {
			keepAlive();
		}
		else if (!this.directoryReady) {
			createDirectory();
		}
		SQLiteConnection connection;
		try {
			connection = JDBC.createConnection(this.jdbcUrl, (Properties) this.properties.clone());
		}
		catch (SQLiteException ex) {
			if (this.directory != null && ex.getResultCode() != null
					&& (ex.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
				throw new SqliteFileException("Could not open or create the SQLite database file " + file()
						+ " (the directory " + this.directory + " exists but SQLite cannot write there): "
						+ ex.getMessage(), file(), ex);
			}
			throw ex;
		}
		if (this.checkpointer != null) {
			try {
				this.checkpointer.configure(connection);
			}
			catch (SQLException ex) {
				connection.close();
				throw ex;
			}
		}
		return new SqliteSingleWriterConnection(connection, this.gate);
	}

	/** The directory a plain database path lives in; SQLite creates the file but not its directory. */
	private static Path directoryOf(String path) {
		if (path.isEmpty() || path.startsWith("file:") || path.startsWith(":")) {
			return null;
		}
		try {
			return Path.of(path).toAbsolutePath().getParent();
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	private void createDirectory() throws SQLException {
		if (this.directory != null) {
			try {
				Files.createDirectories(this.directory);
			}
			catch (IOException ex) {
				throw new SqliteFileException("Could not create the directory " + this.directory
						+ " for the SQLite database file " + file() + " (" + describe(ex) + ")", file(), ex);
			}
		}
		this.directoryReady = true;
	}

	private Path file() {
		String path = this.jdbcUrl.substring("jdbc:sqlite:".length());
		int query = path.indexOf('?');
		return Path.of((query >= 0) ? path.substring(0, query) : path).toAbsolutePath();
	}

	private static String describe(IOException ex) {
		if (ex instanceof java.nio.file.FileAlreadyExistsException already) {
			return already.getFile() + " exists and is not a directory";
		}
		if (ex instanceof java.nio.file.AccessDeniedException denied) {
			return "access denied to " + denied.getFile();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	private synchronized void keepAlive() throws SQLException {
		if (this.closed) {
			throw new SQLException("The in-memory database was dropped when its data source closed");
		}
		if (this.keeper == null) {
			this.keeper = JDBC.createConnection(this.jdbcUrl, (Properties) this.properties.clone());
		}
	}

	@Override
	public synchronized void close() throws SQLException {
		this.closed = true;
		if (this.checkpointer != null) {
			this.checkpointer.close();
		}
		if (this.keeper != null) {
			this.keeper.close();
			this.keeper = null;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
		// Opening a SQLite file does not wait on a server; kept because the pool waits this long on shutdown.
		this.loginTimeoutSeconds = seconds;
	}

	@Override
	public int getLoginTimeout() {
		return this.loginTimeoutSeconds;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw new SQLException("Not a wrapper for " + iface.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	@Override
	public String toString() {
		return "SqliteConnectionFactory[" + this.jdbcUrl + "]";
	}

}
