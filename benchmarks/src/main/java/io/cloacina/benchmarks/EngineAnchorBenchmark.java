package io.cloacina.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.database.postgresql.PostgresValueCodec;
import io.cloacina.database.sqlite.SqliteValueCodec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An external anchor for the sample app's workflow engine: the same workload through
 * <a href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a>, the best-known Java peer
 * (a table of due executions, claimed by lock-and-fetch polling), and through the sample engine, on
 * the same PostgreSQL server; and the sample engine on a SQLite file, whose absolute figure is held
 * against db-scheduler's on PostgreSQL (goal: the same figure or better).
 * <p>
 * The workload: {@code tasks} independent no-op tasks, all due at once, 4 worker threads, 100 ms
 * polling on both sides. Each run has a fresh database and a freshly started system that is idle and
 * polling when the tasks arrive: they are inserted in one transaction, and the clock runs from its
 * commit until the last task has run. Both are measured warm, as long-running services run: in
 * every run a warm-up batch of as many tasks is run the same way first and not timed (the sample app
 * is a new JVM every run, and with a tenth as many the figures of both sides still rose with the
 * warm-up), and a whole first round is not timed, so that db-scheduler, which runs inside this JVM, is
 * not colder in the first round than in the next ones.
 * <ul>
 * <li>{@code db_scheduler} (A): db-scheduler 16.x in this JVM, a {@code OneTimeTask} that counts its
 * executions, {@code threads(4)}, {@code pollUsingLockAndFetch(0.5, 1.0)}, a HikariCP pool of 6
 * connections; rows in its own {@code scheduled_tasks} table (its PostgreSQL DDL), due now; done when
 * the counter reaches {@code tasks} and the table is empty (a one-time task deletes its row);</li>
 * <li>{@code db_scheduler_aa} (A'): the same again, the A/A control;</li>
 * <li>{@code sample_postgresql} (B): the packaged sample app
 * ({@code sample-app/target/cloacina-sample-app.jar}) as a process with {@code sample.engine.workers=4}
 * and its defaults otherwise (claim batch 16, poll interval 100 ms); executions of workflow
 * {@code flaky} with context {@code {"failures":0}} (one task, {@code unstable}, that succeeds at
 * once) inserted as the app's own {@code create} writes them, values encoded by the starter's
 * {@link ValueCodec}; done when {@code tasks} more executions are {@code COMPLETED};</li>
 * <li>{@code sample_sqlite} (C): the same on a SQLite file.</li>
 * </ul>
 * The four run once per round in a rotated order, after the untimed round. Exactly once: db-scheduler's counter equals the
 * tasks scheduled and no instance ran twice; in the sample app every execution is completed, every
 * task completed on its first attempt, and there is exactly one attempt row per task. Ratios are of
 * tasks per second, per round: B/A and C/A, with A'/A as the control. Quick mode: 5,000 tasks, 3
 * rounds; long mode: 20,000 tasks, 5 rounds. Usage:
 * {@code EngineAnchorBenchmark [tasks] [rounds] [warm-up tasks]}.
 */
public final class EngineAnchorBenchmark {

	private static final int WORKERS = 4;

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	/** How often the end of a run is looked for (a separate connection). */
	private static final long WATCH_MILLIS = 20;

	private static final long RUN_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

	/** Processes this benchmark started, stopped by a shutdown hook if it is interrupted. */
	private static final Set<Process> started = ConcurrentHashMap.newKeySet();

	private EngineAnchorBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int tasks = (args.length > 0) ? Integer.parseInt(args[0]) : (Bench.longMode() ? 20_000 : 5_000);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : (Bench.longMode() ? 5 : 3);
		int warmUp = (args.length > 2) ? Integer.parseInt(args[2]) : tasks;
		if (!Files.exists(SampleAppProcess.JAR)) {
			Bench.check("engine_anchor_sample_app_jar_present", false,
					SampleAppProcess.JAR + " is missing: build it with mvn -pl sample-app -am package");
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
		System.out.printf("# engine anchor: %,d independent no-op tasks due at once (after an untimed warm-up of %,d in "
				+ "the same run), "
				+ "%d workers, %d ms polling; db-scheduler %s (lock-and-fetch, in this JVM) vs the sample app's engine "
				+ "(a process per run, workflow flaky with {\"failures\":0}) on one embedded PostgreSQL server, and the "
				+ "sample engine on a SQLite file; fresh database per run, %d rounds in rotated order after an untimed one%n", tasks, warmUp,
				WORKERS, POLL_INTERVAL.toMillis(), dbSchedulerVersion(), rounds);
		Path directory = Files.createTempDirectory("cloacina-engine-anchor");
		Map<Variant, List<Double>> rates = new EnumMap<>(Variant.class);
		Map<Variant, Boolean> exactlyOnce = new EnumMap<>(Variant.class);
		for (Variant variant : Variant.values()) {
			rates.put(variant, new ArrayList<>());
			exactlyOnce.put(variant, true);
		}
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			int run = 0;
			for (int round = -1; round < rounds; round++) {
				Map<Variant, Double> rate = new EnumMap<>(Variant.class);
				List<String> order = new ArrayList<>();
				for (int i = 0; i < Variant.values().length; i++) {
					Variant variant = Variant.values()[Math.floorMod(round + i, Variant.values().length)];
					Outcome outcome = switch (variant) {
						case DB_SCHEDULER, DB_SCHEDULER_AA -> dbScheduler(server, "anchor_" + run, warmUp, tasks);
						case SAMPLE_POSTGRESQL -> samplePostgres(server, "anchor_" + run, warmUp, tasks);
						case SAMPLE_SQLITE -> sample("sqlite://" + directory.resolve("anchor_" + run + ".db"), warmUp,
								tasks);
					};
					run++;
					rate.put(variant, outcome.rate());
					order.add(variant.label);
					if (!outcome.exactlyOnce()) {
						exactlyOnce.put(variant, false);
						System.out.printf("# NOT exactly once (%s, round %d): %s%n", variant.label, round, outcome.detail());
					}
				}
				if (round >= 0) {
					rate.forEach((variant, value) -> rates.get(variant).add(value));
				}
				StringBuilder line = new StringBuilder((round >= 0) ? "# round " + round : "# untimed round");
				for (Variant variant : Variant.values()) {
					line.append(String.format(Locale.ROOT, " %s %.0f tasks/s", variant.label, rate.get(variant)));
				}
				System.out.println(line + " (order " + String.join(", ", order) + ")");
			}
		}
		finally {
			deleteQuietly(directory);
		}
		for (Variant variant : Variant.values()) {
			Bench.bench("engine_anchor_" + variant.label, Bench.median(rates.get(variant)), "tasks/s");
		}
		List<Double> control = Bench.ratios(rates.get(Variant.DB_SCHEDULER_AA), rates.get(Variant.DB_SCHEDULER));
		Bench.ratio("engine_anchor_postgresql_sample_vs_db_scheduler",
				Bench.ratios(rates.get(Variant.SAMPLE_POSTGRESQL), rates.get(Variant.DB_SCHEDULER)), control, ">=", 1.0);
		Bench.ratio("engine_anchor_sqlite_sample_vs_db_scheduler_postgresql",
				Bench.ratios(rates.get(Variant.SAMPLE_SQLITE), rates.get(Variant.DB_SCHEDULER)), control, ">=", 1.0);
		for (Variant variant : Variant.values()) {
			Bench.check("engine_anchor_" + variant.label + "_exactly_once", exactlyOnce.get(variant),
					"every task of every run (warm-ups included) ran exactly once");
		}
	}

	/**
	 * db-scheduler on a fresh database: its table, the scheduler started and idle, then the warm-up
	 * and the timed batch, each inserted in one transaction as {@code SchedulerClient.schedule} writes
	 * a row.
	 */
	private static Outcome dbScheduler(EmbeddedPostgres server, String database, int warmUp, int tasks)
			throws Exception {
		createDatabase(server, database);
		try {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(server.getJdbcUrl("postgres", database));
			config.setMaximumPoolSize(WORKERS + 2);
			config.setPoolName("db-scheduler");
			try (HikariDataSource dataSource = new HikariDataSource(config)) {
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				createScheduledTasks(jdbc);
				AtomicLong executions = new AtomicLong();
				Set<String> seen = ConcurrentHashMap.newKeySet();
				AtomicLong twice = new AtomicLong();
				OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {
					if (!seen.add(instance.getId())) {
						twice.incrementAndGet();
					}
					executions.incrementAndGet();
				});
				Scheduler scheduler = Scheduler.create(dataSource, noop)
					.threads(WORKERS)
					.pollUsingLockAndFetch(0.5, 1.0)
					.pollingInterval(POLL_INTERVAL)
					.build();
				scheduler.start();
				LongSupplier left = () -> jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks", Long.class);
				long expected = (long) warmUp + tasks;
				Timed warm;
				Timed timed;
				try {
					warm = timed(() -> schedule(dataSource, "w", warmUp),
							() -> executions.get() >= warmUp && left.getAsLong() == 0);
					timed = timed(() -> schedule(dataSource, "t", tasks),
							() -> executions.get() >= expected && left.getAsLong() == 0);
				}
				finally {
					scheduler.stop();
				}
				boolean once = warm.done() && timed.done() && executions.get() == expected && twice.get() == 0
						&& seen.size() == expected && left.getAsLong() == 0;
				return new Outcome(tasks / timed.seconds(), once,
						String.format(Locale.ROOT, "%d executions of %d tasks, %d ran twice, %d rows left",
								executions.get(), expected, twice.get(), left.getAsLong()));
			}
		}
		finally {
			dropDatabase(server, database);
		}
	}

	/** db-scheduler's table and indexes for PostgreSQL, as its repository gives them for 16.x. */
	private static void createScheduledTasks(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, "
				+ "task_data BYTEA, execution_time TIMESTAMPTZ NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT, "
				+ "last_success TIMESTAMPTZ, last_failure TIMESTAMPTZ, consecutive_failures INT, "
				+ "last_heartbeat TIMESTAMPTZ, version BIGINT NOT NULL, priority SMALLINT, "
				+ "PRIMARY KEY (task_name, task_instance))");
		jdbc.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
		jdbc.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
		jdbc.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
	}

	/** {@code count} instances of the no-op task, due now, in one transaction. */
	private static void schedule(HikariDataSource dataSource, String prefix, int count) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scheduled_tasks (task_name, "
					+ "task_instance, task_data, execution_time, picked, version) VALUES ('noop', ?, NULL, ?, false, 1)")) {
				java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
				for (int i = 0; i < count; i++) {
					insert.setString(1, prefix + "-" + i);
					insert.setTimestamp(2, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			connection.commit();
		}
	}

	/**
	 * The sample app on a database it migrates itself at start-up: started, then the warm-up and the
	 * timed batch of executions, each inserted in one transaction.
	 */
	private static Outcome sample(String url, int warmUp, int tasks) throws Exception {
		Path log = Files.createTempFile("cloacina-engine-anchor", ".log");
		Process process = start(url, log);
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			ValueCodec values = (dataSource.getBackend() == DatabaseBackend.POSTGRESQL) ? new PostgresValueCodec()
					: new SqliteValueCodec();
			LongSupplier completed = () -> jdbc
				.queryForObject("SELECT count(*) FROM workflow_execution WHERE status = 'COMPLETED'", Long.class);
			Timed warm = timed(() -> createExecutions(transactions, jdbc, values, warmUp),
					() -> completed.getAsLong() >= warmUp);
			long expected = (long) warmUp + tasks;
			Timed timed = timed(() -> createExecutions(transactions, jdbc, values, tasks),
					() -> completed.getAsLong() >= expected);
			stop(process);
			long executions = jdbc.queryForObject("SELECT count(*) FROM workflow_execution", Long.class);
			long done = completed.getAsLong();
			long taskRows = jdbc.queryForObject("SELECT count(*) FROM task_execution", Long.class);
			long notOnce = jdbc.queryForObject(
					"SELECT count(*) FROM task_execution WHERE attempts <> 1 OR status <> 'COMPLETED'", Long.class);
			long attempts = jdbc.queryForObject("SELECT count(*) FROM task_attempt", Long.class);
			long attemptedTasks = jdbc.queryForObject("SELECT count(DISTINCT task_id) FROM task_attempt", Long.class);
			boolean once = warm.done() && timed.done() && executions == expected && done == expected
					&& taskRows == expected && notOnce == 0 && attempts == expected && attemptedTasks == expected;
			return new Outcome(tasks / timed.seconds(), once, String.format(Locale.ROOT,
					"%d of %d executions completed, %d task rows, %d not completed on exactly one attempt, "
							+ "%d attempt rows for %d tasks",
					done, expected, taskRows, notOnce, attempts, attemptedTasks));
		}
		finally {
			stop(process);
			Files.deleteIfExists(log);
		}
	}

	/** {@code count} executions of {@code flaky} that succeed at once, as {@code ExecutionStore.create} writes them. */
	private static void createExecutions(TransactionTemplate transactions, JdbcTemplate jdbc, ValueCodec values,
			int count) {
		List<Object[]> executions = new ArrayList<>(count);
		List<Object[]> tasks = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			Instant now = Instant.now();
			executions.add(new Object[] { values.uuid(id), values.json("{\"failures\":0}"), values.timestamp(now),
					values.timestamp(now) });
			tasks.add(new Object[] { values.uuid(id) });
		}
		transactions.executeWithoutResult((status) -> {
			jdbc.batchUpdate("INSERT INTO workflow_execution (id, workflow, status, context, created_at, updated_at) "
					+ "VALUES (?, 'flaky', 'PENDING', ?, ?, ?)", executions);
			jdbc.batchUpdate("INSERT INTO task_execution (execution_id, task_name, status, max_attempts) "
					+ "VALUES (?, 'unstable', 'READY', 3)", tasks);
		});
	}

	/**
	 * Run {@code submit} (which commits the work), then look every {@value #WATCH_MILLIS} ms until
	 * {@code done}; the time runs from the commit.
	 */
	private static Timed timed(Submit submit, java.util.function.BooleanSupplier done) throws Exception {
		submit.run();
		long start = System.nanoTime();
		long deadline = start + RUN_TIMEOUT_NANOS;
		boolean finished = done.getAsBoolean();
		while (!finished && System.nanoTime() < deadline) {
			Thread.sleep(WATCH_MILLIS);
			finished = done.getAsBoolean();
		}
		return new Timed((System.nanoTime() - start) / 1e9, finished);
	}

	/** Start the sample app and wait until it serves requests; its output goes to {@code log}, kept if it fails. */
	private static Process start(String url, Path log) throws Exception {
		Process process = SampleAppProcess.start(SampleAppProcess.freePort(), log, Duration.ofSeconds(120),
				List.of("--cloacina.database.url=" + url, "--sample.engine.workers=" + WORKERS,
						"--sample.engine.poll-interval=" + POLL_INTERVAL.toMillis() + "ms", "--logging.level.root=WARN",
						"--spring.main.banner-mode=off"));
		started.add(process);
		return process;
	}

	/** Stop a process this benchmark started: SIGTERM (a graceful shutdown), then SIGKILL after 30 s. */
	private static void stop(Process process) throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		started.remove(process);
	}

	/** The sample app on a fresh PostgreSQL database, dropped afterwards. */
	private static Outcome samplePostgres(EmbeddedPostgres server, String database, int warmUp, int tasks)
			throws Exception {
		createDatabase(server, database);
		try {
			return sample("postgresql://postgres@localhost:" + server.getPort() + "/" + database, warmUp, tasks);
		}
		finally {
			dropDatabase(server, database);
		}
	}

	private static void createDatabase(EmbeddedPostgres server, String database) throws Exception {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
		}
	}

	private static void dropDatabase(EmbeddedPostgres server, String database) throws Exception {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database);
		}
	}

	/** db-scheduler's version, from the pom.properties in its jar. */
	private static String dbSchedulerVersion() {
		try (var in = Scheduler.class
			.getResourceAsStream("/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
			java.util.Properties properties = new java.util.Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "(version unknown)");
		}
		catch (IOException ex) {
			return "(version unknown)";
		}
	}

	private static void deleteQuietly(Path directory) {
		try (var files = Files.walk(directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory: the system cleans it up.
		}
	}

	private enum Variant {

		DB_SCHEDULER("db_scheduler_postgresql"),

		DB_SCHEDULER_AA("db_scheduler_postgresql_aa"),

		SAMPLE_POSTGRESQL("sample_postgresql"),

		SAMPLE_SQLITE("sample_sqlite");

		private final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	@FunctionalInterface
	private interface Submit {

		void run() throws Exception;

	}

	private record Timed(double seconds, boolean done) {
	}

	private record Outcome(double rate, boolean exactlyOnce, String detail) {
	}

}
