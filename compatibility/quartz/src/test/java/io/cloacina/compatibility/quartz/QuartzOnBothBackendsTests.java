package io.cloacina.compatibility.quartz;

import java.util.Date;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.UpdateLockRowSemaphore;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quartz's JDBC job store on the starter's data source with no Quartz property but
 * {@code job-store-type=jdbc}: a trigger fires three times on a SQLite file and on PostgreSQL; on
 * SQLite the schema is created by Boot from the starter's script, which keeps stored jobs when the
 * application starts again. On PostgreSQL, as with plain Spring Boot, the schema is the
 * application's: the test asks Boot to create it ({@code initialize-schema=always}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuartzOnBothBackendsTests {

	@TempDir
	java.nio.file.Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aTriggerFiresThreeTimesFromTheJdbcJobStore(String backend) throws Exception {
		QuartzApplication.FIRED.set(0);
		try (ConfigurableApplicationContext context = start(backend, url(backend))) {
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (QuartzApplication.FIRED.get() < 3 && System.nanoTime() < until) {
				Thread.sleep(50);
			}
			assertThat(QuartzApplication.FIRED.get()).isEqualTo(3);
			Scheduler scheduler = context.getBean(Scheduler.class);
			assertThat(scheduler.getMetaData().getJobStoreClass().getName()).contains("LocalDataSourceJobStore");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_job_details WHERE job_name = 'counting'",
					Integer.class)).isOne();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_locks", Integer.class)).isPositive();
			Thread.sleep(500);
			assertThat(QuartzApplication.FIRED.get()).as("no fourth execution").isEqualTo(3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void theStarterSetsTheDelegateAndOnSqliteTheLockHandler(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend, url(backend))) {
			// Quartz keeps the configured properties in its scheduler context's job store; read them back.
			Scheduler scheduler = context.getBean(Scheduler.class);
			Object jobStore = readField(readField(readField(scheduler, "sched"), "resources"), "jobStore");
			assertThat(readField(jobStore, "delegateClassName")).isEqualTo(PostgreSQLDelegate.class.getName());
			Object lockHandler = readField(jobStore, "lockHandler");
			if (backend.equals("sqlite")) {
				assertThat(lockHandler).isInstanceOf(UpdateLockRowSemaphore.class);
			}
			else {
				assertThat(lockHandler).isNotInstanceOf(UpdateLockRowSemaphore.class);
			}
		}
	}

	@Test
	void jobsStoredInASqliteFileSurviveARestart() throws Exception {
		String url = url("sqlite");
		JobKey kept = JobKey.jobKey("kept");
		try (ConfigurableApplicationContext context = start("sqlite", url)) {
			Scheduler scheduler = context.getBean(Scheduler.class);
			scheduler.scheduleJob(
					JobBuilder.newJob(QuartzApplication.CountingJob.class).withIdentity(kept).storeDurably().build(),
					TriggerBuilder.newTrigger().withIdentity("later").startAt(new Date(System.currentTimeMillis() + 3_600_000)).build());
		}
		try (ConfigurableApplicationContext context = start("sqlite", url)) {
			Scheduler scheduler = context.getBean(Scheduler.class);
			assertThat(scheduler.checkExists(kept)).isTrue();
			assertThat(scheduler.getTriggersOfJob(kept)).hasSize(1);
		}
	}

	private String url(String backend) {
		return backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("quartz.db")
				: TestPostgres.createDatabase();
	}

	private ConfigurableApplicationContext start(String backend, String url) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(QuartzApplication.class)
			.web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url, "spring.quartz.job-store-type=jdbc");
		if (backend.equals("postgresql")) {
			builder.properties("spring.quartz.jdbc.initialize-schema=always");
		}
		return builder.run();
	}

	private static Object readField(Object target, String name) throws ReflectiveOperationException {
		for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
			try {
				java.lang.reflect.Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field.get(target);
			}
			catch (NoSuchFieldException ex) {
				// look in the superclass
			}
		}
		throw new NoSuchFieldException(name);
	}

}
