package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Overhead of the starter (JMH): a primary-key select and a single-row insert through
 * {@code JdbcTemplate} (auto-commit), and a three-statement write transaction (select, insert,
 * update through {@code TransactionTemplate}), on the starter's {@code DataSource} against a
 * hand-built {@code HikariDataSource} with the same driver settings, on both backends, and the
 * hand-built one against itself (A/A control: the harness's own bias).
 * <ul>
 * <li>SQLite: plain sqlite-jdbc with the starter's pragmas ({@code journal_mode=WAL},
 * {@code synchronous=NORMAL}, {@code busy_timeout=30000}, {@code foreign_keys=true}) and its pool
 * size; the starter additionally wraps each connection and statement for its single-writer design.</li>
 * <li>PostgreSQL (embedded 18): {@code ApplicationName=cloacina}, {@code reWriteBatchedInserts=true},
 * Hikari's default pool of 10.</li>
 * </ul>
 * {@link #main} runs starter, plain and plain again for each backend, in rotating order over several
 * passes, each in a JMH fork of its own that runs the three operations (quick: 1 x 1 s warm-up,
 * 2 x 1 s measured, 5 passes; long: 3 + 5 iterations, 9 passes), and reports the median over passes of
 * the throughput ratio starter / plain with its 90% interval and the A/A ratio. Goals: &gt;= 0.98
 * for the auto-commit statements, &gt;= 0.95 for the transaction. The PostgreSQL forks share one
 * embedded server started by {@link #main}.
 */
@State(Scope.Benchmark)
public class OverheadBenchmark {

	@Param({ "sqlite", "postgresql" })
	public String backend;

	@Param({ "starter", "plain", "plain_aa" })
	public String impl;

	private static final int ROWS = 10_000;

	private EmbeddedPostgres server;

	private Path directory;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private TransactionTemplate transactions;

	private long nextId = 1_000_000;

	@Setup
	public void setUp() throws Exception {
		if (this.backend.equals("postgresql")) {
			int port = Integer.getInteger("bench.pg.port", 0);
			if (port == 0) {
				this.server = EmbeddedPostgres.builder().start();
				port = this.server.getPort();
			}
			String url = "postgresql://postgres@localhost:" + port + "/postgres";
			if (this.impl.equals("starter")) {
				this.dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build();
			}
			else {
				HikariDataSource plain = new HikariDataSource();
				plain.setDriverClassName("org.postgresql.Driver");
				plain.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
				plain.setUsername("postgres");
				Properties properties = new Properties();
				properties.setProperty("ApplicationName", "cloacina");
				properties.setProperty("reWriteBatchedInserts", "true");
				plain.setDataSourceProperties(properties);
				this.dataSource = plain;
			}
		}
		else {
			this.directory = Files.createTempDirectory("cloacina-overhead");
			Path file = this.directory.resolve("overhead.db");
			if (this.impl.equals("starter")) {
				this.dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build();
			}
			else {
				HikariDataSource plain = new HikariDataSource();
				plain.setJdbcUrl("jdbc:sqlite:" + file);
				Properties properties = new Properties();
				properties.setProperty("journal_mode", "WAL");
				properties.setProperty("synchronous", "NORMAL");
				properties.setProperty("busy_timeout", "30000");
				properties.setProperty("foreign_keys", "true");
				plain.setDataSourceProperties(properties);
				plain.setMaximumPoolSize(Bench.starterSqlitePoolSize());
				this.dataSource = plain;
			}
		}
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		this.jdbc.execute("DROP TABLE IF EXISTS item");
		this.jdbc.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount BIGINT)");
		List<Object[]> rows = new ArrayList<>();
		for (long i = 1; i <= ROWS; i++) {
			rows.add(new Object[] { i, "item-" + i, i * 7 });
		}
		this.jdbc.batchUpdate("INSERT INTO item (id, name, amount) VALUES (?, ?, ?)", rows);
	}

	@TearDown
	public void tearDown() throws Exception {
		((AutoCloseable) this.dataSource).close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Benchmark
	public String select() {
		long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
		return this.jdbc.queryForObject("SELECT name FROM item WHERE id = ?", String.class, id);
	}

	@Benchmark
	public int insert() {
		long id = this.nextId++;
		return this.jdbc.update("INSERT INTO item (id, name, amount) VALUES (?, ?, ?)", id, "new", id);
	}

	/** A write transaction of three statements: read a row, insert one, update the one read. */
	@Benchmark
	public Integer transaction() {
		long read = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
		long id = this.nextId++;
		return this.transactions.execute((status) -> {
			Long amount = this.jdbc.queryForObject("SELECT amount FROM item WHERE id = ?", Long.class, read);
			this.jdbc.update("INSERT INTO item (id, name, amount) VALUES (?, ?, ?)", id, "new", amount);
			return this.jdbc.update("UPDATE item SET amount = ? WHERE id = ?", amount + 1, read);
		});
	}

	public static void main(String[] args) throws Exception {
		boolean longMode = Bench.longMode();
		int passes = (args.length > 0) ? Integer.parseInt(args[0]) : (longMode ? 9 : 5);
		int warmups = longMode ? 3 : 1;
		int iterations = longMode ? 5 : 2;
		// One PostgreSQL server for all forks (each fork recreates the table): forks start faster, so
		// the starter and plain forks of a pair run closer together in time.
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			run(passes, warmups, iterations, server.getPort());
		}
	}

	private static final List<String> OPERATIONS = List.of("select", "insert", "transaction");

	private static final List<String> IMPLEMENTATIONS = List.of("starter", "plain", "plain_aa");

	private static void run(int passes, int warmups, int iterations, int pgPort) throws Exception {
		for (String backend : List.of("sqlite", "postgresql")) {
			// scores.get(impl).get(operation): one score per pass.
			Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
			IMPLEMENTATIONS.forEach((impl) -> {
				Map<String, List<Double>> byOperation = new LinkedHashMap<>();
				OPERATIONS.forEach((op) -> byOperation.put(op, new ArrayList<>()));
				scores.put(impl, byOperation);
			});
			for (int pass = 0; pass < passes; pass++) {
				for (int i = 0; i < IMPLEMENTATIONS.size(); i++) {
					String impl = IMPLEMENTATIONS.get((pass + i) % IMPLEMENTATIONS.size());
					Options options = new OptionsBuilder()
						.include(OverheadBenchmark.class.getName() + "\\.(" + String.join("|", OPERATIONS) + ")$")
						.param("backend", backend)
						.param("impl", impl)
						.forks(1)
						.jvmArgsAppend("-Dbench.pg.port=" + pgPort)
						.warmupIterations(warmups)
						.warmupTime(TimeValue.seconds(1))
						.measurementIterations(iterations)
						.measurementTime(TimeValue.seconds(1))
						.timeUnit(TimeUnit.SECONDS)
						.shouldDoGC(true)
						.verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
						.build();
					for (RunResult result : new Runner(options).run()) {
						String benchmark = result.getParams().getBenchmark();
						String op = benchmark.substring(benchmark.lastIndexOf('.') + 1);
						scores.get(impl).get(op).add(result.getPrimaryResult().getScore());
					}
				}
				for (String op : OPERATIONS) {
					System.out.printf("# overhead %s %s pass %d: starter %.0f, plain %.0f, plain again %.0f ops/s%n",
							backend, op, pass, last(scores, "starter", op), last(scores, "plain", op),
							last(scores, "plain_aa", op));
				}
			}
			for (String op : OPERATIONS) {
				for (String impl : IMPLEMENTATIONS) {
					Bench.bench("overhead_" + backend + "_" + op + "_" + impl, Bench.median(scores.get(impl).get(op)),
							"ops/s");
				}
				// Auto-commit statements: >= 0.98; a write transaction, where the starter's SQLite
				// connection runs its state machine (writer slot, BEGIN IMMEDIATE, COMMIT): >= 0.95.
				Bench.ratio("overhead_" + backend + "_" + op + "_starter_vs_plain",
						Bench.ratios(scores.get("starter").get(op), scores.get("plain").get(op)),
						Bench.ratios(scores.get("plain_aa").get(op), scores.get("plain").get(op)), ">=",
						op.equals("transaction") ? 0.95 : 0.98);
			}
		}
	}

	private static double last(Map<String, Map<String, List<Double>>> scores, String impl, String op) {
		List<Double> values = scores.get(impl).get(op);
		return values.get(values.size() - 1);
	}

}
