package io.cloacina.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, written once, on each backend: the starter gives it a working data source,
 * JdbcTemplate, transactions and Flyway migrations, and concurrent writers lose nothing.
 */
@SpringBootTest
abstract class AbstractSampleApplicationTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ConfiguredDatabaseBackend database;

	@Autowired
	VisitLog visits;

	abstract DatabaseBackend expectedBackend();

	@Test
	void runsOnTheConfiguredBackendWithMigrationsApplied() {
		assertThat(this.dataSource).isInstanceOf(CloacinaDataSource.class);
		assertThat(((CloacinaDataSource) this.dataSource).getBackend()).isEqualTo(expectedBackend());
		assertThat(this.database.backend()).isEqualTo(expectedBackend());
		assertThat(this.transactionManager).isNotNull();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success = "
				+ ((expectedBackend() == DatabaseBackend.POSTGRESQL) ? "true" : "1"), Integer.class))
			.isEqualTo(1);
		// The runner recorded one visit at startup.
		assertThat(this.visits.total()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void sixteenConcurrentVisitorsLoseNothing() throws Exception {
		long before = this.visits.total();
		AtomicLong recorded = new AtomicLong();
		ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int thread = 0; thread < 16; thread++) {
				String visitor = "visitor-" + thread;
				running.add(threads.submit(() -> {
					for (int i = 0; i < 100; i++) {
						try {
							this.visits.record(visitor);
							recorded.incrementAndGet();
						}
						catch (Throwable ex) {
							errors.add(ex);
						}
					}
				}));
			}
			for (Future<?> future : running) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(errors).isEmpty();
		assertThat(recorded.get()).isEqualTo(1600);
		assertThat(this.visits.total()).isEqualTo(before + 1600);
		assertThat(this.visits.countRows()).isEqualTo(this.visits.total());
	}

}
