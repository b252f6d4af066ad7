package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the SQLite transaction core: random programs of JDBC calls (auto-commit on
 * and off, statements created or prepared earlier and executed, commit, rollback, savepoints,
 * read-only, close, abort, and handing the connection to another thread) run by several clients at
 * once against a real SQLite database through the starter's pool. A model of each client predicts
 * every call's outcome. Invariants:
 * <ul>
 * <li>every call succeeds or fails as the model says: in particular no {@code SQLITE_BUSY} of any
 * kind inside the process, and no "would wait for itself" (no client here waits for itself);</li>
 * <li>the writer slot never has a second permit, and is free at the end;</li>
 * <li>the rows on disk are exactly those whose commit (or auto-commit statement) returned.</li>
 * </ul>
 * Each program is generated from a seed that a failure reports.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SqliteTransactionModelTests extends DataSourceTestSupport {

	private static final int CLIENTS = 4;

	private static final int CALLS = 60;

	/** Nested writes that borrowed a lent slot, and that were refused, over all examples. */
	private final AtomicLong lentNested = new AtomicLong();

	private final AtomicLong refusedNested = new AtomicLong();

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void randomJdbcProgramsFromSeveralThreadsKeepTheInvariants(TestDatabase database) throws Exception {
		int examples = (database == TestDatabase.SQLITE_FILE) ? 40 : 15;
		long baseSeed = Long.getLong("cloacina.model.seed", System.nanoTime());
		for (int example = 0; example < examples; example++) {
			long seed = baseSeed + example;
			try {
				runExample(database, seed);
			}
			catch (AssertionError | Exception ex) {
				throw new AssertionError("Failed with seed " + seed + " on " + database
						+ " (repeat with -Dcloacina.model.seed=" + seed + ")", ex);
			}
		}
		if (database == TestDatabase.SQLITE_FILE) {
			// The programs reached both outcomes of a nested writer on the thread of a slot holder.
			assertThat(this.lentNested.get()).isPositive();
			assertThat(this.refusedNested.get()).isPositive();
		}
	}

	private void runExample(TestDatabase database, long seed) throws Exception {
		Random random = new Random(seed);
		boolean poolAutoCommit = random.nextBoolean();
		CloacinaDataSource dataSource = open(database);
		boolean nested = (database == TestDatabase.SQLITE_FILE);
		if (nested) {
			// Each client may hold a second connection (NESTED); in-memory has a pool of one.
			dataSource.setMaximumPoolSize(2 * CLIENTS);
		}
		dataSource.setAutoCommit(poolAutoCommit);
		dataSource.setConnectionTimeout(60_000);
		try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
			statement.executeUpdate("CREATE TABLE item (id INTEGER PRIMARY KEY)");
			if (!poolAutoCommit) {
				setup.commit();
			}
		}
		SqliteWriteGate gate = dataSource.unwrap(SqliteConnectionFactory.class).gate();
		Set<Long> committed = java.util.concurrent.ConcurrentHashMap.newKeySet();
		AtomicLong ids = new AtomicLong();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger worstPermits = new AtomicInteger(1);
		Thread watcher = new Thread(() -> {
			while (running.get()) {
				worstPermits.accumulateAndGet(gate.availablePermits(), Math::max);
				Thread.onSpinWait();
			}
		});
		watcher.start();
		List<ExecutorService> threads = new ArrayList<>();
		try {
			List<Future<?>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				ExecutorService first = Executors.newSingleThreadExecutor();
				ExecutorService second = Executors.newSingleThreadExecutor();
				threads.add(first);
				threads.add(second);
				Client client = new Client(dataSource, poolAutoCommit, nested, new Random(random.nextLong()), ids,
						committed, first, second, this.lentNested, this.refusedNested);
				ExecutorService driver = Executors.newSingleThreadExecutor();
				threads.add(driver);
				clients.add(driver.submit(() -> {
					try {
						client.run();
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}));
			}
			for (Future<?> client : clients) {
				client.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			running.set(false);
			watcher.join();
			threads.forEach(ExecutorService::shutdownNow);
		}
		if (!failures.isEmpty()) {
			AssertionError error = new AssertionError("A call did not do what the model says: " + failures.peek());
			failures.forEach(error::addSuppressed);
			throw error;
		}
		assertThat(worstPermits.get()).as("free permits of the writer slot, at most").isOne();
		assertThat(gate.holder()).isNull();
		assertThat(gate.availablePermits()).isOne();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<Long> onDisk = poolAutoCommit ? jdbc.queryForList("SELECT id FROM item", Long.class)
				: readInTransaction(dataSource);
		assertThat(new HashSet<>(onDisk)).isEqualTo(committed);
		dataSource.close();
	}

	private static List<Long> readInTransaction(CloacinaDataSource dataSource) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM item")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
			connection.commit();
		}
		return ids;
	}

	/** The calls a program is made of. */
	enum Call {

		AUTO_COMMIT_OFF, AUTO_COMMIT_ON, INSERT, INSERT_PREPARED, SELECT, COMMIT, ROLLBACK, SAVEPOINT,
		ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT, READ_ONLY_ON, READ_ONLY_OFF, CLOSE, ABORT, HAND_OFF,
		/** A write transaction on a second connection, from the thread that last used the first. */
		NESTED

	}

	/**
	 * One client: a connection, the model of what it has done, and a random program. Its calls run
	 * on one of its two threads; {@code HAND_OFF} switches to the other.
	 */
	private static final class Client {

		private final CloacinaDataSource dataSource;

		private final boolean poolAutoCommit;

		private final boolean nestedAllowed;

		private final AtomicLong lentNested;

		private final AtomicLong refusedNested;

		private final Random random;

		private final AtomicLong ids;

		private final Set<Long> committed;

		private final ExecutorService[] threads;

		private int thread;

		private Connection connection;

		private PreparedStatement preparedInsert;

		// The model.

		private boolean autoCommit;

		private boolean readOnly;

		/** A statement ran since the transaction began: SQLite has it open. */
		private boolean begun;

		/** The open write transaction ran something but queries: it cannot lend. */
		private boolean cannotLend;

		/**
		 * The thread that last ran something on the connection inside a transaction: the one a nested
		 * writer must use, or it would wait for a holder whose thread it cannot see.
		 */
		private int lastUser;

		/** The thread the current call runs on. */
		private int running;

		/** Ids written by the open transaction, not yet committed. */
		private final List<Long> pending = new ArrayList<>();

		private final List<Savepoint> savepoints = new ArrayList<>();

		/** For each savepoint, how many pending ids there were when it was set. */
		private final List<Integer> savepointMarks = new ArrayList<>();

		private final List<String> trace = new ArrayList<>();

		Client(CloacinaDataSource dataSource, boolean poolAutoCommit, boolean nestedAllowed, Random random,
				AtomicLong ids, Set<Long> committed, ExecutorService first, ExecutorService second, AtomicLong lentNested,
				AtomicLong refusedNested) {
			this.lentNested = lentNested;
			this.refusedNested = refusedNested;
			this.dataSource = dataSource;
			this.poolAutoCommit = poolAutoCommit;
			this.nestedAllowed = nestedAllowed;
			this.random = random;
			this.ids = ids;
			this.committed = committed;
			this.threads = new ExecutorService[] { first, second };
		}

		void run() throws Exception {
			call(this::borrow);
			try {
				for (int i = 0; i < CALLS; i++) {
					Call call = Call.values()[this.random.nextInt(Call.values().length)];
					this.trace.add(call.name());
					if (call == Call.HAND_OFF) {
						this.thread = 1 - this.thread;
						continue;
					}
					int runOn = (call == Call.NESTED) ? this.lastUser : this.thread;
					this.running = runOn;
					try {
						call(runOn, () -> apply(call));
					}
					catch (Exception ex) {
						throw new AssertionError("After " + this.trace + ": " + ex, ex);
					}
				}
			}
			finally {
				call(this::giveBack);
			}
		}

		private void call(SqlWork work) throws Exception {
			call(this.thread, work);
		}

		private void call(int thread, SqlWork work) throws Exception {
			this.threads[thread].submit(() -> {
				work.run();
				return null;
			}).get(90, TimeUnit.SECONDS);
		}

		private void borrow() throws SQLException {
			this.connection = this.dataSource.getConnection();
			this.preparedInsert = this.connection.prepareStatement("INSERT INTO item (id) VALUES (?)");
			this.autoCommit = this.poolAutoCommit;
			this.readOnly = false;
			forgetTransaction();
		}

		private void giveBack() throws SQLException {
			this.connection.close();
			forgetTransaction();
		}

		private void forgetTransaction() {
			this.begun = false;
			this.cannotLend = false;
			this.pending.clear();
			this.savepoints.clear();
			this.savepointMarks.clear();
		}

		private void transactionCommitted() {
			this.committed.addAll(this.pending);
			forgetTransaction();
		}

		private void apply(Call call) throws SQLException {
			switch (call) {
				case AUTO_COMMIT_OFF -> {
					this.connection.setAutoCommit(false);
					this.autoCommit = false;
				}
				case AUTO_COMMIT_ON -> {
					this.connection.setAutoCommit(true);
					if (!this.autoCommit) {
						transactionCommitted();
					}
					this.autoCommit = true;
				}
				case INSERT, INSERT_PREPARED -> insert(call == Call.INSERT_PREPARED);
				case SELECT -> {
					try (Statement statement = this.connection.createStatement();
							ResultSet rows = statement.executeQuery("SELECT count(*) FROM item")) {
						rows.next();
					}
					begin(false);
				}
				case COMMIT -> expect(this.autoCommit, () -> {
					this.connection.commit();
					transactionCommitted();
				});
				case ROLLBACK -> expect(this.autoCommit, () -> {
					this.connection.rollback();
					forgetTransaction();
				});
				case SAVEPOINT -> expect(this.autoCommit, () -> {
					this.savepoints.add(this.connection.setSavepoint());
					this.savepointMarks.add(this.pending.size());
					usedInTransaction();
				});
				case NESTED -> nested();
				case ROLLBACK_TO_SAVEPOINT -> {
					if (this.autoCommit || this.savepoints.isEmpty()) {
						return;
					}
					int index = this.random.nextInt(this.savepoints.size());
					this.connection.rollback(this.savepoints.get(index));
					usedInTransaction();
					// The savepoint stays; the ones after it and their writes go.
					truncate(this.pending, this.savepointMarks.get(index));
					truncate(this.savepoints, index + 1);
					truncate(this.savepointMarks, index + 1);
				}
				case RELEASE_SAVEPOINT -> {
					if (this.autoCommit || this.savepoints.isEmpty()) {
						return;
					}
					int index = this.random.nextInt(this.savepoints.size());
					this.connection.releaseSavepoint(this.savepoints.get(index));
					usedInTransaction();
					truncate(this.savepoints, index);
					truncate(this.savepointMarks, index);
				}
				case READ_ONLY_ON, READ_ONLY_OFF -> {
					boolean value = (call == Call.READ_ONLY_ON);
					boolean inside = !this.autoCommit && this.begun && value != this.readOnly;
					expect(inside, () -> {
						this.connection.setReadOnly(value);
						this.readOnly = value;
					});
				}
				case CLOSE -> {
					giveBack();
					borrow();
				}
				case ABORT -> {
					this.connection.abort(Runnable::run);
					try {
						this.connection.close();
					}
					catch (SQLException expected) {
						// The pool learns here that the connection is gone and drops it.
					}
					forgetTransaction();
					borrow();
				}
				case HAND_OFF -> throw new IllegalStateException("handled by the program loop");
			}
		}

		/** A savepoint call ran; inside a begun transaction it ran in SQLite, on this thread. */
		private void usedInTransaction() {
			if (this.begun) {
				this.lastUser = this.running;
			}
		}

		/** A statement runs: with auto-commit off, it begins the transaction if nothing ran yet. */
		private void begin(boolean writes) {
			if (this.autoCommit) {
				return;
			}
			this.begun = true;
			this.lastUser = this.running;
			this.cannotLend |= writes && !this.readOnly;
		}

		/**
		 * A second connection of this client writes and commits, on the thread that last used the first
		 * one. It fails, as waiting for itself, exactly when the first one holds the writer slot (a write
		 * transaction that ran something) and cannot lend it.
		 */
		private void nested() throws SQLException {
			if (!this.nestedAllowed) {
				return;
			}
			boolean holdsSlot = !this.autoCommit && this.begun && !this.readOnly;
			boolean refused = holdsSlot && this.cannotLend;
			long id = this.ids.incrementAndGet();
			try (Connection nested = this.dataSource.getConnection()) {
				nested.setAutoCommit(false);
				try (Statement statement = nested.createStatement()) {
					statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
					if (refused) {
						throw new AssertionError("The nested write should have been refused");
					}
				}
				catch (SQLException ex) {
					if (!refused || ex.getMessage() == null || !ex.getMessage().contains("would wait for itself")) {
						throw ex;
					}
					nested.rollback();
					nested.setAutoCommit(true);
					this.refusedNested.incrementAndGet();
					return;
				}
				nested.commit();
				this.committed.add(id);
				if (holdsSlot) {
					this.lentNested.incrementAndGet();
				}
				nested.setAutoCommit(true);
			}
		}

		private void insert(boolean prepared) throws SQLException {
			long id = this.ids.incrementAndGet();
			boolean refused = this.readOnly;
			begin(true);
			if (refused && prepared) {
				// sqlite-jdbc closes a prepared statement whose execution fails with SQLITE_READONLY.
				expect(true, () -> {
					this.preparedInsert.setLong(1, id);
					this.preparedInsert.executeUpdate();
				});
				this.preparedInsert = this.connection.prepareStatement("INSERT INTO item (id) VALUES (?)");
				return;
			}
			expect(refused, () -> {
				if (prepared) {
					this.preparedInsert.setLong(1, id);
					this.preparedInsert.executeUpdate();
				}
				else {
					try (Statement statement = this.connection.createStatement()) {
						statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
					}
				}
				if (this.autoCommit) {
					this.committed.add(id);
				}
				else {
					this.pending.add(id);
				}
			});
		}

		/** Runs the call; it must throw exactly when the model says it is refused. */
		private void expect(boolean refused, SqlWork work) throws SQLException {
			if (!refused) {
				work.run();
				return;
			}
			try {
				work.run();
			}
			catch (SQLException ex) {
				if (ex.getMessage() != null && ex.getMessage().contains("SQLITE_BUSY")) {
					throw ex;
				}
				return;
			}
			throw new AssertionError("The call should have been refused");
		}

		private static void truncate(List<?> list, int size) {
			list.subList(size, list.size()).clear();
		}

	}

	@FunctionalInterface
	private interface SqlWork {

		void run() throws SQLException;

	}

}
