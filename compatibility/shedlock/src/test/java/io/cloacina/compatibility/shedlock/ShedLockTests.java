package io.cloacina.compatibility.shedlock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.cloacina.compatibility.shedlock.ShedLockApplication.Report;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.TestPostgres;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ShedLock 7 ({@code shedlock-provider-jdbc-template}, {@code shedlock-spring}) on the starter's data
 * source. Two lock providers, as two nodes would have, race for the same lock: exactly one gets it
 * and the other gets "not acquired" (an empty {@link Optional}), never an exception. On SQLite the
 * loser's {@code INSERT} fails with a duplicate key, which ShedLock understands only as Spring's
 * {@code DuplicateKeyException}: the starter's SQLite errors carry PostgreSQL's SQLState (23505), so
 * ShedLock's own {@code new JdbcTemplate(dataSource)} translates it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShedLockTests {

	/** ShedLock's README, "Postgres". */
	static final String POSTGRESQL_DDL = """
			CREATE TABLE shedlock(name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL,
			    locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))""";

	/**
	 * SQLite, which ShedLock's README does not list: the same statement. ShedLock binds its times as
	 * JDBC timestamps, which sqlite-jdbc stores as epoch milliseconds, so they compare in time order.
	 */
	static final String SQLITE_DDL = """
			CREATE TABLE shedlock(name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL,
			    locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))""";

	private static final int ROUNDS = 150;

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void twoNodesRacingForNewLocksExactlyOneAcquiresTheOtherIsToldNo(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			// A new lock name every round: both nodes INSERT the lock row at once.
			List<String> names = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				names.add("new-lock-" + round);
			}
			race(context, backend, names);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM shedlock", Long.class)).isEqualTo(ROUNDS);
			if (backend.equals("sqlite")) {
				// Epoch milliseconds, not text: comparisons with ShedLock's bound times are in time order.
				assertThat(jdbc.queryForList("SELECT DISTINCT typeof(lock_until) FROM shedlock", String.class))
					.containsExactly("integer");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void twoNodesRacingForOneLockAgainAndAgainExactlyOneAcquiresEachTime(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			// The same lock every round, released after each: both nodes UPDATE the row at once.
			race(context, backend, java.util.Collections.nCopies(ROUNDS, "one-lock"));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM shedlock", Long.class)).isEqualTo(1L);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void schedulerLockRunsTheTaskOnceAtATimeAndSkipsTheOthers(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			Report report = context.getBean(Report.class);
			List<Throwable> errors = Concurrently.run(4, Duration.ofSeconds(60), (worker) -> {
				for (int i = 0; i < 25; i++) {
					report.run();
				}
			});
			assertThat(errors).isEmpty();
			assertThat(report.mostAtOnce()).isEqualTo(1);
			// 100 calls of 20 ms from four threads: some ran, the calls that found the lock held were skipped.
			assertThat(report.runs()).isBetween(1, 99);
		}
	}

	@Test
	void usingDbTimeIsRefusedOnSqlite() {
		try (ConfigurableApplicationContext context = start("sqlite")) {
			LockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
				.withJdbcTemplate(new JdbcTemplate(context.getBean(DataSource.class)))
				.usingDbTime()
				.build());
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> provider.lock(configuration("db-time")))
				.withMessage("useDbTime() is not supported for database product: UNKNOWN");
		}
	}

	private void race(ConfigurableApplicationContext context, String backend, List<String> names) throws Exception {
		DataSource dataSource = context.getBean(DataSource.class);
		DatabaseBackend databaseBackend = backend.equals("sqlite") ? DatabaseBackend.SQLITE : DatabaseBackend.POSTGRESQL;
		LockProvider nodeA = ShedLockApplication.lockProvider(dataSource, databaseBackend);
		LockProvider nodeB = ShedLockApplication.lockProvider(dataSource, databaseBackend);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			CyclicBarrier start = new CyclicBarrier(2);
			for (String name : names) {
				Future<Optional<SimpleLock>> a = executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return nodeA.lock(configuration(name));
				});
				Future<Optional<SimpleLock>> b = executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return nodeB.lock(configuration(name));
				});
				// Future.get() rethrows anything a node threw: a lost race must not be an exception.
				Optional<SimpleLock> lockA = a.get(30, TimeUnit.SECONDS);
				Optional<SimpleLock> lockB = b.get(30, TimeUnit.SECONDS);
				assertThat(lockA.isPresent() ^ lockB.isPresent()).as("exactly one node holds %s", name).isTrue();
				// Released only once both have answered, so the loser tried while the lock was held.
				lockA.or(() -> lockB).orElseThrow().unlock();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static LockConfiguration configuration(String name) {
		return new LockConfiguration(ClockProvider.now(), name, Duration.ofMinutes(1), Duration.ZERO);
	}

	private ConfigurableApplicationContext start(String backend) {
		boolean sqlite = backend.equals("sqlite");
		String url = sqlite ? "sqlite://" + this.directory.resolve("shedlock.db") : TestPostgres.createDatabase();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ShedLockApplication.class)
			.web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url)
			.run();
		context.getBean(JdbcTemplate.class).execute(sqlite ? SQLITE_DDL : POSTGRESQL_DDL);
		return context;
	}

}
