package io.cloacina.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaseLeaderLock;
import io.cloacina.database.test.TestPgBouncer;
import io.cloacina.database.test.TestPostgres;
import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Several instances of the sample app: sharing one PostgreSQL database, and one after the other on a
 * SQLite file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class MultiInstanceTests {

	@TempDir
	Path directory;

	@Test
	void twoInstancesOnOnePostgresShareTheWorkAndRunEveryTaskOnce() {
		String url = TestPostgres.createDatabase();
		try (ConfigurableApplicationContext first = Instances.start(url, "first", 2);
				ConfigurableApplicationContext second = Instances.start(url, "second", 2)) {
			long start = System.nanoTime();
			Instances.startEtl(first, 100, 10);
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			Instances.awaitAllCompleted(jdbc, 100, Duration.ofSeconds(120));
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("BENCH sample_etl_postgresql_two_instances %.1f executions/s (100 executions, 2 x 2 workers, tasks of 10 ms)%n",
					100 / seconds);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status <> 'COMPLETED' OR attempts <> 1",
					Integer.class)).isZero();
			List<Map<String, Object>> byInstance = jdbc
				.queryForList("SELECT claimed_by, count(*) AS tasks FROM task_execution GROUP BY claimed_by");
			assertThat(byInstance).extracting((row) -> row.get("claimed_by")).containsExactlyInAnyOrder("first", "second");
		}
	}

	@Test
	void twoInstancesBehindPgBouncerInTransactionModeRunEveryTaskOnceWithoutAnError(CapturedOutput output) {
		// A real PgBouncer with pool_mode = transaction and fewer server connections than the instances'
		// pools: each transaction may run on a session another instance used just before.
		String url = TestPgBouncer.createDatabase() + "?pgbouncer=true";
		try (ConfigurableApplicationContext first = Instances.start(url, "first", 2, "--cloacina.database.schema=sample");
				ConfigurableApplicationContext second = Instances.start(url, "second", 2,
						"--cloacina.database.schema=sample")) {
			assertThat(first.getBean(LeaderLock.class)).isInstanceOf(LeaseLeaderLock.class);
			long start = System.nanoTime();
			Instances.startEtl(first, 100, 10);
			Instances.startEtl(second, 100, 10);
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			Instances.awaitAllCompleted(jdbc, 200, Duration.ofSeconds(120));
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("BENCH sample_etl_pgbouncer_transaction_two_instances %.1f executions/s (200 executions, 2 x 2 workers, tasks of 10 ms)%n",
					200 / seconds);
			assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("sample");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status <> 'COMPLETED' OR attempts <> 1",
					Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution", Integer.class)).isEqualTo(200 * 4);
			List<Map<String, Object>> byInstance = jdbc
				.queryForList("SELECT claimed_by, count(*) AS tasks FROM task_execution GROUP BY claimed_by");
			assertThat(byInstance).extracting((row) -> row.get("claimed_by")).containsExactlyInAnyOrder("first", "second");
		}
		// No session behind the pooler kept a search path or role of the instances (nor of Flyway).
		for (int i = 0; i < 2 * TestPgBouncer.SERVER_CONNECTIONS; i++) {
			assertThat(TestPgBouncer.query(url, "SELECT current_setting('search_path') || ' ' || current_user"))
				.isEqualTo("\"$user\", public postgres");
		}
		assertThat(output.getAll()).contains("through a connection pooler in transaction mode")
			.doesNotContain("prepared statement \"S_")
			.doesNotContain("current transaction is aborted")
			.doesNotContainPattern("(?m)^\\S* *ERROR ");
	}

	@Test
	void restartingOnTheSqliteFileLosesNoCompletedOrPendingExecution() {
		String url = "sqlite://" + this.directory.resolve("sample.db");
		List<UUID> completed;
		try (ConfigurableApplicationContext running = Instances.start(url, "one", 2)) {
			completed = Instances.startEtl(running, 5, 0);
			Instances.awaitAllCompleted(running.getBean(JdbcTemplate.class), 5, Duration.ofSeconds(60));
		}
		List<UUID> pending;
		try (ConfigurableApplicationContext idle = Instances.start(url, "idle", 0)) {
			pending = Instances.startEtl(idle, 4, 0);
			ExecutionStore store = idle.getBean(ExecutionStore.class);
			pending.forEach((id) -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING));
		}
		try (ConfigurableApplicationContext restarted = Instances.start(url, "two", 2)) {
			ExecutionStore store = restarted.getBean(ExecutionStore.class);
			completed.forEach((id) -> assertThat(store.find(id).orElseThrow().context().get("loaded").asInt()).isEqualTo(3));
			Instances.awaitAllCompleted(restarted.getBean(JdbcTemplate.class), 9, Duration.ofSeconds(60));
			pending.forEach((id) -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(ExecutionStatus.COMPLETED));
		}
	}

	@Test
	void aSecondInstanceOnTheSameSqliteFileRefusesClearly(CapturedOutput output) {
		String url = "sqlite://" + this.directory.resolve("shared.db");
		try (ConfigurableApplicationContext first = Instances.start(url, "first", 1)) {
			assertThatException().isThrownBy(() -> Instances.start(url, "second", 1))
				.withStackTraceContaining("Another instance of this application is already running on the SQLite database");
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("run several instances on PostgreSQL");
			// The first instance is unharmed.
			Instances.startEtl(first, 1, 0);
			Instances.awaitAllCompleted(first.getBean(JdbcTemplate.class), 1, Duration.ofSeconds(30));
		}
		// Once the first is gone, a new instance may use the file.
		try (ConfigurableApplicationContext next = Instances.start(url, "next", 1)) {
			assertThat(next.isActive()).isTrue();
		}
	}

}
