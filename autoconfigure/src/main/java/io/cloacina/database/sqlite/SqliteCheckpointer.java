package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.sqlite.JDBC;

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own, so that the writer does not.
 * <p>
 * In WAL mode SQLite copies the log back into the database file (a checkpoint) when a commit leaves
 * more than {@code wal_autocheckpoint} pages (default 1,000) in the log, on the committing
 * connection, inside the commit: with one writer at a time, every other writer waits for that copy
 * and its two {@code fsync}s. Here each pool connection's automatic checkpoint is moved up to
 * {@value #WRITER_AUTOCHECKPOINT_PAGES} pages (a backstop that only acts if this thread falls that
 * far behind), and after write transactions end a {@code PRAGMA wal_checkpoint(PASSIVE)} runs on a
 * connection of this thread's own, one at a time: while writes keep coming the next starts as soon
 * as the previous has finished (a write wakes the thread, also from the pause of up to
 * {@value #INTERVAL_MILLIS} ms after a checkpoint, so that pause does not space checkpoints out). A passive
 * checkpoint never waits for readers or the writer and never blocks them: it copies what no reader
 * still needs, and the next writer starts the log over once all of it was copied, as after an
 * automatic checkpoint.
 * <p>
 * If a checkpoint fails other than by being busy, the thread stops and logs why once; the writers'
 * own automatic checkpoints then keep the log bounded.
 */
final class SqliteCheckpointer implements AutoCloseable {

	/** {@code wal_autocheckpoint} of the pool's connections: 10,000 pages, about 40 MB of log. */
	static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;

	/** The pause after a checkpoint, cut short by the next write. */
	static final long INTERVAL_MILLIS = 100;

	private static final Log logger = LogFactory.getLog(SqliteCheckpointer.class);

	private final String jdbcUrl;

	private final Properties properties;

	private final Object lock = new Object();

	private volatile boolean written;

	private volatile boolean closed;

	private volatile boolean failed;

	private Thread thread;

	private Connection connection;

	SqliteCheckpointer(String jdbcUrl, Properties properties) {
		this.jdbcUrl = jdbcUrl;
		this.properties = properties;
	}

	/**
	 * Make a newly opened pool connection leave checkpoints to this checkpointer.
	 * @param connection the physical connection
	 * @throws SQLException if the setting fails
	 */
	void configure(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA wal_autocheckpoint = " + WRITER_AUTOCHECKPOINT_PAGES);
		}
	}

	/**
	 * A write transaction ended: checkpoint soon. Cheap enough to call after every one.
	 */
	void written() {
		if (this.written || this.closed || this.failed) {
			return;
		}
		this.written = true;
		Thread current = this.thread;
		if (current == null) {
			current = start();
		}
		if (current != null) {
			LockSupport.unpark(current);
		}
	}

	private Thread start() {
		synchronized (this.lock) {
			if (this.thread == null && !this.closed) {
				Thread started = new Thread(this::run, "cloacina-sqlite-checkpoint");
				started.setDaemon(true);
				started.start();
				this.thread = started;
			}
			return this.thread;
		}
	}

	private void run() {
		while (!this.closed) {
			while (!this.written && !this.closed) {
				LockSupport.park(this);
			}
			if (this.closed) {
				break;
			}
			this.written = false;
			if (!checkpoint()) {
				return;
			}
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
		}
	}

	/**
	 * One passive checkpoint.
	 * @return whether to go on
	 */
	private boolean checkpoint() {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			try {
				if (this.connection == null) {
					this.connection = JDBC.createConnection(this.jdbcUrl, (Properties) this.properties.clone());
				}
				try (Statement statement = this.connection.createStatement();
						ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
					// One row: busy (1 if it could not run at all), pages in the log, pages copied.
					result.next();
				}
				return true;
			}
			catch (SQLException ex) {
				if ((ex.getErrorCode() & 0xff) == SqliteWriteGate.SQLITE_BUSY) {
					return true;
				}
				this.failed = true;
				logger.warn("Background checkpoints of " + this.jdbcUrl + " stopped (" + ex.getMessage()
						+ "); writers checkpoint the write-ahead log themselves after "
						+ WRITER_AUTOCHECKPOINT_PAGES + " pages");
				closeConnection();
				return false;
			}
		}
	}

	/**
	 * Whether the background thread runs (tests).
	 * @return whether it was started and has not ended
	 */
	boolean running() {
		Thread current = this.thread;
		return current != null && current.isAlive();
	}

	@Override
	public void close() {
		Thread current;
		synchronized (this.lock) {
			this.closed = true;
			current = this.thread;
			closeConnection();
		}
		if (current != null) {
			LockSupport.unpark(current);
			try {
				current.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void closeConnection() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the checkpoint connection of " + this.jdbcUrl, ex);
			}
			this.connection = null;
		}
	}

}
