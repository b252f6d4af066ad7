package io.cloacina.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code JdbcTemplate.batchUpdate} of many rows into PostgreSQL with the starter's default
 * (pgjdbc's {@code reWriteBatchedInserts} on) and with it off, alternating rounds in one run on an embedded server.
 * <p>
 * Usage: {@code PostgresBatchInsert [rows] [rounds]}; defaults 50,000 rows, 5 rounds.
 */
public final class PostgresBatchInsert {

	private PostgresBatchInsert() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 50_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			String url = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
			try (CloacinaDataSource plain = CloacinaDataSource.builder(DatabaseUrl.parse(url))
				.properties(Map.of("reWriteBatchedInserts", "false"))
				.build(); CloacinaDataSource rewritten = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
				new JdbcTemplate(plain).execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT, amount BIGINT)");
				long[] plainMillis = new long[rounds];
				long[] rewrittenMillis = new long[rounds];
				for (int round = 0; round < rounds; round++) {
					plainMillis[round] = insert(plain, rows);
					rewrittenMillis[round] = insert(rewritten, rows);
				}
				long plainMedian = median(plainMillis);
				long rewrittenMedian = median(rewrittenMillis);
				System.out.printf("# PostgreSQL batchUpdate of %d rows, median of %d rounds%n", rows, rounds);
				Bench.bench("batch_postgresql_no_rewrite", plainMedian, "ms");
				Bench.bench("batch_postgresql_rewrite", rewrittenMedian, "ms");
				Bench.ratio("batch_postgresql_rewrite_vs_no_rewrite", (double) plainMedian / rewrittenMedian);
			}
		}
	}

	private static long insert(CloacinaDataSource dataSource, int rows) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("TRUNCATE item");
		List<Object[]> batch = new ArrayList<>(rows);
		for (int i = 0; i < rows; i++) {
			batch.add(new Object[] { (long) i, "item-" + i, (long) i * 7 });
		}
		long start = System.nanoTime();
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(
				(status) -> jdbc.batchUpdate("INSERT INTO item (id, name, amount) VALUES (?, ?, ?)", batch));
		long millis = (System.nanoTime() - start) / 1_000_000;
		Integer count = jdbc.queryForObject("SELECT count(*) FROM item", Integer.class);
		if (count == null || count != rows) {
			throw new IllegalStateException("Expected " + rows + " rows, found " + count);
		}
		return millis;
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
