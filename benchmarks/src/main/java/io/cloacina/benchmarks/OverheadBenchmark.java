package io.cloacina.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Overhead of the starter (JMH): a primary-key select and a single-row insert through
 * {@code JdbcTemplate} on the starter's {@code DataSource} against a hand-built
 * {@code HikariDataSource} with the same driver settings, on both backends.
 * <ul>
 * <li>SQLite: plain sqlite-jdbc with the starter's pragmas ({@code journal_mode=WAL},
 * {@code synchronous=NORMAL}, {@code busy_timeout=30000}, {@code foreign_keys=true}) and its pool
 * size 8; the starter additionally wraps each connection for its single-writer design.</li>
 * <li>PostgreSQL (embedded 18): {@code ApplicationName=cloacina}, {@code reWriteBatchedInserts=true},
 * Hikari's default pool of 10.</li>
 * </ul>
 * {@link #main} runs starter and plain for each (backend, operation) back to back, in alternating
 * order over several passes, each in a JMH fork of its own (quick: 1 x 1 s warm-up, 2 x 1 s measured,
 * 4 passes; long: 3 + 5 iterations, 9 passes), and reports the median over passes of the throughput
 * ratio starter / plain, with the spread of the per-pass ratios as a noise indicator. The PostgreSQL
 * forks share one embedded server started by {@link #main}.
 */
@State(Scope.Benchmark)
public class OverheadBenchmark {

	@Param({ "sqlite", "postgresql" })
	public String backend;

	@Param({ "starter", "plain" })
	public String impl;

	private static final int ROWS = 10_000;

	private EmbeddedPostgres server;

	private Path directory;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

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
				plain.setMaximumPoolSize(CloacinaDataSource.Builder.SQLITE_POOL_SIZE);
				this.dataSource = plain;
			}
		}
		this.jdbc = new JdbcTemplate(this.dataSource);
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

	public static void main(String[] args) throws Exception {
		boolean longMode = Bench.longMode();
		int passes = (args.length > 0) ? Integer.parseInt(args[0]) : (longMode ? 9 : 4);
		int warmups = longMode ? 3 : 1;
		int iterations = longMode ? 5 : 2;
		// One PostgreSQL server for all forks (each fork recreates the table): forks start faster, so
		// the starter and plain forks of a pair run closer together in time.
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			run(passes, warmups, iterations, server.getPort());
		}
	}

	private static void run(int passes, int warmups, int iterations, int pgPort) throws Exception {
		for (String backend : List.of("sqlite", "postgresql")) {
			for (String op : List.of("select", "insert")) {
				List<Double> starter = new ArrayList<>();
				List<Double> plain = new ArrayList<>();
				List<Double> ratios = new ArrayList<>();
				for (int pass = 0; pass < passes; pass++) {
					List<String> order = ((pass & 1) == 0) ? List.of("starter", "plain") : List.of("plain", "starter");
					double s = 0;
					double p = 0;
					for (String impl : order) {
						Options options = new OptionsBuilder()
							.include(OverheadBenchmark.class.getName() + "\\." + op + "$")
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
						RunResult result = new Runner(options).runSingle();
						double score = result.getPrimaryResult().getScore();
						if (impl.equals("starter")) {
							s = score;
						}
						else {
							p = score;
						}
					}
					starter.add(s);
					plain.add(p);
					ratios.add(s / p);
					System.out.printf("# overhead %s %s pass %d: starter %.0f ops/s, plain %.0f ops/s, ratio %.3f%n",
							backend, op, pass, s, p, s / p);
				}
				Bench.bench("overhead_" + backend + "_" + op + "_starter", Bench.median(starter), "ops/s");
				Bench.bench("overhead_" + backend + "_" + op + "_plain", Bench.median(plain), "ops/s");
				Bench.ratio("overhead_" + backend + "_" + op + "_starter_vs_plain", Bench.median(ratios), ">=", 0.98);
				Bench.bench("overhead_" + backend + "_" + op + "_pass_ratio_min",
						ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0), "ratio");
				Bench.bench("overhead_" + backend + "_" + op + "_pass_ratio_max",
						ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0), "ratio");
			}
		}
	}

}
