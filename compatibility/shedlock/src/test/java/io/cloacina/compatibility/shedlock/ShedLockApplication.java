package io.cloacina.compatibility.shedlock;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application that locks a task with ShedLock, configured as ShedLock's README shows:
 * a {@link JdbcTemplateLockProvider} on {@code new JdbcTemplate(dataSource)}, with database time
 * ({@code usingDbTime()}) where ShedLock supports it, which is PostgreSQL and not SQLite.
 */
@SpringBootApplication
@EnableSchedulerLock(defaultLockAtMostFor = "1m")
public class ShedLockApplication {

	@Bean
	LockProvider lockProvider(DataSource dataSource, ConfiguredDatabaseBackend configured) {
		return lockProvider(dataSource, configured.backend());
	}

	/**
	 * The lock provider of ShedLock's README. {@code usingDbTime()} refuses SQLite ("not supported
	 * for database product: UNKNOWN"); there the application's clock is the database's clock anyway,
	 * since a SQLite file belongs to one machine.
	 * @param dataSource the data source
	 * @param backend its backend
	 * @return the lock provider
	 */
	static LockProvider lockProvider(DataSource dataSource, DatabaseBackend backend) {
		JdbcTemplateLockProvider.Configuration.Builder configuration = JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource));
		if (backend == DatabaseBackend.POSTGRESQL) {
			configuration.usingDbTime();
		}
		return new JdbcTemplateLockProvider(configuration.build());
	}

	@Bean
	Report report() {
		return new Report();
	}

	/** A task that must not run twice at the same time; it records how many run at once. */
	static class Report {

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger mostAtOnce = new AtomicInteger();

		private final AtomicInteger runs = new AtomicInteger();

		@SchedulerLock(name = "report")
		public void run() throws InterruptedException {
			LockAssert.assertLocked();
			int now = this.running.incrementAndGet();
			this.mostAtOnce.accumulateAndGet(now, Math::max);
			this.runs.incrementAndGet();
			Thread.sleep(20);
			this.running.decrementAndGet();
		}

		int mostAtOnce() {
			return this.mostAtOnce.get();
		}

		int runs() {
			return this.runs.get();
		}

	}

}
