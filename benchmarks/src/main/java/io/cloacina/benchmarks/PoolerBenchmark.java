package io.cloacina.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.ClaimRequest;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.test.TestPgBouncer;
import io.cloacina.database.test.TestPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The starter on PostgreSQL directly and through a real PgBouncer in transaction mode (Debian's
 * {@code pgbouncer}, as many server connections as workers), on the same server, in alternating
 * rounds:
 * <ul>
 * <li>{@code direct}: {@code cloacina.database.url} to the server;</li>
 * <li>{@code pooler}: through PgBouncer with {@code ?pgbouncer=true}; {@code pooler_aa}: the same again
 * (A/A control);</li>
 * <li>{@code pooler_schema}: through PgBouncer with a schema, set per transaction;</li>
 * <li>{@code pooler_plain}: through PgBouncer as an expert would set up pgjdbc by hand for it
 * ({@code prepareThreshold=0}, nothing else): what the starter's own connections cost on top.</li>
 * </ul>
 * Workloads: {@code select} (one thread, auto-commit {@code SELECT ... WHERE id = ?}), {@code tx3}
 * (one thread, transactions of an insert, an update and a select) and {@code claim} (8 workers claim
 * every row of a table in batches of 10 with the dialect's claim, exactly once). The ratios (time
 * direct / time through the pooler) have no goal: they say what the extra hop and the settings cost.
 * Without PgBouncer installed, the benchmark says so and skips.
 */
public final class PoolerBenchmark {

	private static final int WORKERS = 8;

	private static final ClaimRequest CLAIM = new ClaimRequest("job", "id", "owner", "status", "heartbeat_at",
			"status = ?", List.of("id"));

	private PoolerBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// Read once, when TestPgBouncer is first used: before that.
		System.setProperty("cloacina.test.pgbouncer.pool-size", String.valueOf(WORKERS));
		if (TestPgBouncer.program().isEmpty()) {
			System.out.println("# pooler: PgBouncer is not installed (apt-get install pgbouncer): skipped");
			return;
		}
		int rounds = Bench.longMode() ? 9 : 5;
		int selects = 2_000;
		int transactions = 500;
		int rows = 10_000;
		String direct = TestPostgres.createDatabase();
		String pooled = TestPgBouncer.createDatabase() + "?pgbouncer=true";
		Map<Mode, CloacinaDataSource> dataSources = new EnumMap<>(Mode.class);
		dataSources.put(Mode.DIRECT, open(direct, null));
		dataSources.put(Mode.POOLER, open(pooled, null));
		dataSources.put(Mode.POOLER_AA, open(pooled, null));
		dataSources.put(Mode.POOLER_SCHEMA, open(pooled, "bench"));
		CloacinaDataSource plain = CloacinaDataSource.builder(DatabaseUrl.parse(pooled))
			.pooler(io.cloacina.database.ConnectionPooler.NONE)
			.properties(Map.of("prepareThreshold", "0"))
			.build();
		dataSources.put(Mode.POOLER_PLAIN, prepare(plain));
		System.out.printf("# pooler: PgBouncer %s, pool_mode = transaction, %d server connections; %d selects, %d "
				+ "transactions, claim of %,d rows by %d workers; %d alternating rounds after 1 warm-up%n",
				TestPgBouncer.program().get(), TestPgBouncer.SERVER_CONNECTIONS, selects, transactions, rows, WORKERS,
				rounds);
		try {
			Map<Mode, Map<String, List<Double>>> millis = new EnumMap<>(Mode.class);
			boolean exactlyOnce = true;
			Mode[] modes = Mode.values();
			for (int round = -1; round < rounds; round++) {
				StringBuilder line = new StringBuilder("# round " + round);
				for (int i = 0; i < modes.length; i++) {
					Mode mode = modes[Math.floorMod(round + i, modes.length)];
					CloacinaDataSource dataSource = dataSources.get(mode);
					double select = selects(dataSource, selects);
					double tx3 = transactions(dataSource, transactions);
					Claim claim = claim(dataSource, rows);
					exactlyOnce &= claim.exactlyOnce();
					line.append(String.format(" %s %.0f/%.0f/%.0f ms", mode.name().toLowerCase(), select, tx3,
							claim.millis()));
					if (round >= 0) {
						Map<String, List<Double>> byWorkload = millis.computeIfAbsent(mode, (m) -> new java.util.HashMap<>());
						byWorkload.computeIfAbsent("select", (w) -> new ArrayList<>()).add(select);
						byWorkload.computeIfAbsent("tx3", (w) -> new ArrayList<>()).add(tx3);
						byWorkload.computeIfAbsent("claim", (w) -> new ArrayList<>()).add(claim.millis());
					}
				}
				System.out.println(line + " (select/tx3/claim)");
			}
			Map<String, Integer> counts = Map.of("select", selects, "tx3", transactions, "claim", rows);
			for (String workload : List.of("select", "tx3", "claim")) {
				for (Mode mode : modes) {
					Bench.bench("pooler_" + workload + "_" + mode.name().toLowerCase(),
							counts.get(workload) / (Bench.median(millis.get(mode).get(workload)) / 1000),
							workload.equals("claim") ? "rows/s" : "ops/s");
				}
				List<Double> control = Bench.ratios(millis.get(Mode.POOLER).get(workload),
						millis.get(Mode.POOLER_AA).get(workload));
				Bench.ratio("pooler_" + workload + "_transaction_pooler_vs_direct",
						Bench.ratios(millis.get(Mode.DIRECT).get(workload), millis.get(Mode.POOLER).get(workload)), control,
						null, 0);
				Bench.ratio("pooler_" + workload + "_starter_vs_plain_pgjdbc",
						Bench.ratios(millis.get(Mode.POOLER_PLAIN).get(workload), millis.get(Mode.POOLER).get(workload)),
						control, null, 0);
				Bench.ratio("pooler_" + workload + "_schema_per_transaction_vs_none",
						Bench.ratios(millis.get(Mode.POOLER).get(workload), millis.get(Mode.POOLER_SCHEMA).get(workload)),
						control, null, 0);
			}
			Bench.check("pooler_claim_exactly_once", exactlyOnce, "every mode, every round incl. warm-up");
		}
		finally {
			dataSources.values().forEach(CloacinaDataSource::close);
		}
	}

	private static CloacinaDataSource open(String url, String schema) {
		return prepare(CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema(schema).build());
	}

	private static CloacinaDataSource prepare(CloacinaDataSource dataSource) {
		dataSource.setMaximumPoolSize(WORKERS);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DatabaseDialect dialect = Bench.dialect(DatabaseBackend.POSTGRESQL);
		jdbc.execute("CREATE TABLE IF NOT EXISTS item (id BIGINT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL)");
		jdbc.execute("CREATE TABLE IF NOT EXISTS job (id BIGINT PRIMARY KEY, status VARCHAR(16) NOT NULL, owner VARCHAR(32), "
				+ "heartbeat_at " + dialect.timestampType() + ")");
		return dataSource;
	}

	private static double selects(CloacinaDataSource dataSource, int count) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO item (id, value, version) VALUES (1, 'one', 0) ON CONFLICT (id) DO NOTHING");
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			jdbc.queryForObject("SELECT value FROM item WHERE id = ?", String.class, 1L);
		}
		return (System.nanoTime() - start) / 1e6;
	}

	private static double transactions(CloacinaDataSource dataSource, int count) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		jdbc.update("DELETE FROM item WHERE id > 1");
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long id = 2 + i;
			template.executeWithoutResult((status) -> {
				jdbc.update("INSERT INTO item (id, value, version) VALUES (?, 'new', 0)", id);
				jdbc.update("UPDATE item SET version = version + 1 WHERE id = ?", id);
				jdbc.queryForObject("SELECT version FROM item WHERE id = ?", Integer.class, id);
			});
		}
		return (System.nanoTime() - start) / 1e6;
	}

	private static Claim claim(CloacinaDataSource dataSource, int rows) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DatabaseDialect dialect = Bench.dialect(DatabaseBackend.POSTGRESQL);
		jdbc.execute("TRUNCATE job");
		jdbc.execute("INSERT INTO job (id, status) SELECT n, 'READY' FROM generate_series(1, " + rows + ") AS n");
		jdbc.execute("ANALYZE job");
		String claim = dialect.claimBatch(CLAIM);
		Map<Long, String> claimed = new ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicLong duplicates = new java.util.concurrent.atomic.AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			String worker = "worker-" + w;
			futures.add(pool.submit(() -> {
				while (true) {
					List<Long> ids = jdbc.query(claim, (rs, n) -> rs.getLong("id"), worker, "CLAIMED", "READY", 10);
					if (ids.isEmpty()) {
						return null;
					}
					ids.forEach((id) -> {
						if (claimed.putIfAbsent(id, worker) != null) {
							duplicates.incrementAndGet();
						}
					});
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(600, TimeUnit.SECONDS);
		}
		double millis = (System.nanoTime() - start) / 1e6;
		pool.shutdown();
		long inTable = jdbc.queryForObject("SELECT count(*) FROM job WHERE status = 'CLAIMED'", Long.class);
		return new Claim(millis, duplicates.get() == 0 && claimed.size() == rows && inTable == rows);
	}

	private enum Mode {

		DIRECT, POOLER, POOLER_AA, POOLER_SCHEMA, POOLER_PLAIN

	}

	private record Claim(double millis, boolean exactlyOnce) {
	}

}
