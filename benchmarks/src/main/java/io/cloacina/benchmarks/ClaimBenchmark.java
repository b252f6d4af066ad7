package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.ClaimRequest;
import io.cloacina.database.dialect.DatabaseDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claiming ready rows: {@code rows} rows, 8 workers, batches of 10, until every row is claimed.
 * <ul>
 * <li>{@code dialect}: {@link DatabaseDialect#claimBatch}. PostgreSQL: one
 * {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING id} (the request's
 * {@code withReturning("id")}: the workers read only the id), run alone in
 * auto-commit ({@code dialect_statement}, the headline) and inside a transaction
 * ({@code dialect_transaction}); SQLite: the same statement without the lock clause inside the
 * single-writer transaction;</li>
 * <li>{@code hand}: the same claim as an expert writes it by hand ({@code RETURNING id}, the
 * database's own clock), run as the dialect's headline is; {@code hand_aa}, the same again (A/A
 * control); goal dialect / hand &gt;= 0.95;</li>
 * <li>{@code optimistic}: what JobRunr and db-scheduler do by default: select up to 10 ready rows
 * with their version, then {@code UPDATE ... SET version = version + 1 WHERE id = ? AND version = ?}
 * for each, auto-commit; a row whose update counts 0 was taken by another worker.</li>
 * </ul>
 * Exactly-once: every row is claimed by exactly one worker (no id seen twice in memory, every row
 * claimed in the table, owner in the table = the worker that saw the id). Rounds alternate.
 * Usage: {@code ClaimBenchmark [rows] [rounds]}; defaults 20,000 rows, 5 rounds (long mode 9).
 */
public final class ClaimBenchmark {

	private static final int WORKERS = 8;

	private static final int BATCH = 10;

	/** Returns only the id, as the hand-written claim and the benchmark's workers need. */
	private static final ClaimRequest CLAIM = new ClaimRequest("job", "id", "owner", "status", "heartbeat_at",
			"status = ?", List.of("priority", "id")).withReturning("id");

	private ClaimBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (Bench.longMode() ? 9 : 5);
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
				CloacinaDataSource postgres = CloacinaDataSource
					.builder(DatabaseUrl.parse("postgresql://postgres@localhost:" + server.getPort() + "/postgres"))
					.build()) {
			measure("postgresql", postgres, rows, rounds, 5.0);
		}
		Path directory = Files.createTempDirectory("cloacina-claim");
		try (CloacinaDataSource sqlite = CloacinaDataSource
			.builder(DatabaseUrl.parse("sqlite://" + directory.resolve("claim.db")))
			.build()) {
			measure("sqlite", sqlite, rows, rounds, Double.NaN);
		}
	}

	private static void measure(String backend, CloacinaDataSource dataSource, int rows, int rounds, double goal)
			throws Exception {
		DatabaseDialect dialect = Bench.dialect(dataSource.getBackend());
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE job (id BIGINT PRIMARY KEY, priority INTEGER NOT NULL, status VARCHAR(16) NOT NULL, "
				+ "owner VARCHAR(32), heartbeat_at " + dialect.timestampType() + ", version INTEGER NOT NULL)");
		jdbc.execute("CREATE INDEX job_ready ON job (status, priority, id)");
		System.out.printf("# claim %s: %,d rows, %d workers, batches of %d, %d alternating rounds after 1 warm-up%n",
				backend, rows, WORKERS, BATCH, rounds);
		// On PostgreSQL the claim is one atomic statement and runs as such (auto-commit), as the optimistic
		// baseline's statements do; it is also measured inside a transaction. On SQLite it runs inside a
		// write transaction, the starter's single-writer path.
		boolean postgres = dataSource.getBackend() == io.cloacina.database.DatabaseBackend.POSTGRESQL;
		List<Mode> modes = postgres
				? List.of(Mode.DIALECT_STATEMENT, Mode.DIALECT_TRANSACTION, Mode.HAND, Mode.HAND_AA, Mode.OPTIMISTIC)
				: List.of(Mode.DIALECT_TRANSACTION, Mode.HAND, Mode.HAND_AA, Mode.OPTIMISTIC);
		// The statement an expert writes by hand for the same claim: only the id back, the clock SQL
		// has. The dialect also returns only the id (withReturning), but stamps the heartbeat with a
		// millisecond timestamp of the statement's clock (the codec's format).
		String hand = postgres
				? "UPDATE job SET owner = ?, status = ?, heartbeat_at = now() WHERE id IN (SELECT id FROM job "
						+ "WHERE status = ? ORDER BY priority, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id"
				: "UPDATE job SET owner = ?, status = ?, heartbeat_at = CURRENT_TIMESTAMP WHERE id IN (SELECT id "
						+ "FROM job WHERE status = ? ORDER BY priority, id LIMIT ?) RETURNING id";
		Map<Mode, List<Double>> millis = new java.util.EnumMap<>(Mode.class);
		Map<Mode, Boolean> exactlyOnce = new java.util.EnumMap<>(Mode.class);
		modes.forEach((mode) -> {
			millis.put(mode, new ArrayList<>());
			exactlyOnce.put(mode, true);
		});
		long conflicts = 0;
		for (int round = -1; round < rounds; round++) {
			Map<Mode, Outcome> outcomes = new java.util.EnumMap<>(Mode.class);
			for (int i = 0; i < modes.size(); i++) {
				Mode mode = modes.get(Math.floorMod(round + i, modes.size()));
				Outcome outcome = run(dataSource, dialect, rows, mode, hand, modes.get(0));
				outcomes.put(mode, outcome);
				exactlyOnce.put(mode, exactlyOnce.get(mode) && outcome.exactlyOnce());
			}
			if (round >= 0) {
				modes.forEach((mode) -> millis.get(mode).add(outcomes.get(mode).millis()));
				conflicts += outcomes.get(Mode.OPTIMISTIC).conflicts();
				StringBuilder line = new StringBuilder("# round " + round);
				modes.forEach((mode) -> line.append(String.format(" %s %.0f ms", mode.name().toLowerCase(),
						outcomes.get(mode).millis())));
				System.out.println(line + " (" + outcomes.get(Mode.OPTIMISTIC).conflicts() + " lost optimistic races)");
			}
		}
		for (Mode mode : modes) {
			Bench.bench("claim_" + backend + "_" + mode.name().toLowerCase(), rows / (Bench.median(millis.get(mode)) / 1000),
					"rows/s");
		}
		Bench.bench("claim_" + backend + "_optimistic_lost_races", (double) conflicts / rounds, "per_run");
		Mode headline = modes.get(0);
		// Time ratios: baseline time / subject time, so higher is faster. A/A: the hand-written claim twice.
		List<Double> control = Bench.ratios(millis.get(Mode.HAND), millis.get(Mode.HAND_AA));
		Bench.ratio("claim_" + backend + "_dialect_vs_hand", Bench.ratios(millis.get(Mode.HAND), millis.get(headline)),
				control, ">=", 0.95);
		Bench.ratio("claim_" + backend + "_dialect_vs_optimistic",
				Bench.ratios(millis.get(Mode.OPTIMISTIC), millis.get(headline)), control,
				Double.isNaN(goal) ? null : ">=", goal);
		if (postgres) {
			Bench.ratio("claim_" + backend + "_dialect_in_transaction_vs_optimistic",
					Bench.ratios(millis.get(Mode.OPTIMISTIC), millis.get(Mode.DIALECT_TRANSACTION)), control, null, 0);
		}
		for (Mode mode : modes) {
			Bench.check("claim_" + backend + "_" + mode.name().toLowerCase() + "_exactly_once", exactlyOnce.get(mode),
					"every round incl. warm-up");
		}
	}

	private static void reset(CloacinaDataSource dataSource, JdbcTemplate jdbc, int rows) {
		jdbc.execute("DELETE FROM job");
		List<Object[]> data = new ArrayList<>(rows);
		for (int i = 1; i <= rows; i++) {
			data.add(new Object[] { (long) i, i % 10 });
		}
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> jdbc
			.batchUpdate("INSERT INTO job (id, priority, status, version) VALUES (?, ?, 'READY', 0)", data));
		if (dataSource.getBackend() == io.cloacina.database.DatabaseBackend.POSTGRESQL) {
			jdbc.execute("VACUUM ANALYZE job");
		}
		else {
			jdbc.execute("ANALYZE");
		}
	}

	private static Outcome run(CloacinaDataSource dataSource, DatabaseDialect dialect, int rows, Mode mode,
			String hand, Mode headline) throws Exception {
		boolean batch = mode != Mode.OPTIMISTIC;
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		reset(dataSource, jdbc, rows);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		boolean byHand = (mode == Mode.HAND || mode == Mode.HAND_AA);
		String claim = byHand ? hand : dialect.claimBatch(CLAIM);
		// The hand-written claim runs as the dialect's headline does: alone, or in a transaction.
		Mode wrapping = byHand ? headline : mode;
		Map<Long, String> claimed = new ConcurrentHashMap<>();
		AtomicLong duplicates = new AtomicLong();
		AtomicLong conflicts = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			String worker = "worker-" + w;
			futures.add(pool.submit(() -> {
				while (true) {
					List<Long> ids;
					if (wrapping == Mode.DIALECT_STATEMENT) {
						ids = jdbc.query(claim, (rs, n) -> rs.getLong("id"), worker, "CLAIMED", "READY", BATCH);
					}
					else if (wrapping == Mode.DIALECT_TRANSACTION) {
						ids = transactions.execute((status) -> jdbc.query(claim, (rs, n) -> rs.getLong("id"), worker,
								"CLAIMED", "READY", BATCH));
					}
					else {
						List<long[]> candidates = jdbc.query(
								"SELECT id, version FROM job WHERE status = ? ORDER BY priority, id LIMIT ?",
								(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, "READY", BATCH);
						if (candidates.isEmpty()) {
							return null;
						}
						ids = new ArrayList<>();
						for (long[] candidate : candidates) {
							int updated = jdbc.update("UPDATE job SET status = ?, owner = ?, heartbeat_at = "
									+ dialect.now() + ", version = version + 1 WHERE id = ? AND version = ?",
									"CLAIMED", worker, candidate[0], candidate[1]);
							if (updated == 1) {
								ids.add(candidate[0]);
							}
							else {
								conflicts.incrementAndGet();
							}
						}
					}
					if (batch && ids.isEmpty()) {
						return null;
					}
					for (Long id : ids) {
						if (claimed.putIfAbsent(id, worker) != null) {
							duplicates.incrementAndGet();
						}
					}
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(600, TimeUnit.SECONDS);
		}
		double millis = (System.nanoTime() - start) / 1e6;
		pool.shutdown();
		long inTable = jdbc.queryForObject("SELECT count(*) FROM job WHERE status = 'CLAIMED' AND owner IS NOT NULL",
				Long.class);
		boolean ownersMatch = jdbc.query("SELECT id, owner FROM job", (rs, n) -> claimed.get(rs.getLong(1)) != null
				&& claimed.get(rs.getLong(1)).equals(rs.getString(2))).stream().allMatch(Boolean::booleanValue);
		boolean exactlyOnce = duplicates.get() == 0 && claimed.size() == rows && inTable == rows && ownersMatch;
		if (!exactlyOnce) {
			System.out.printf("# NOT exactly once (%s): duplicates=%d claimed=%d inTable=%d ownersMatch=%s%n",
					mode, duplicates.get(), claimed.size(), inTable, ownersMatch);
		}
		return new Outcome(millis, conflicts.get(), exactlyOnce);
	}

	private enum Mode {

		/** The claim statement alone, auto-commit: one round trip, atomic by itself. */
		DIALECT_STATEMENT,

		/** The claim statement inside a transaction (TransactionTemplate). */
		DIALECT_TRANSACTION,

		/** The same claim written by hand (only the id returned, SQL's own clock), wrapped as the headline. */
		HAND,

		/** The hand-written claim again: the A/A control. */
		HAND_AA,

		/** Select candidates, then a version-checked UPDATE per row, auto-commit. */
		OPTIMISTIC

	}

	private record Outcome(double millis, long conflicts, boolean exactlyOnce) {
	}

}
