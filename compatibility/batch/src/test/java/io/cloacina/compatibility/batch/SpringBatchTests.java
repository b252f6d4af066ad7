package io.cloacina.compatibility.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.cloacina.compatibility.batch.BatchApplication.Processor;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Batch 6 ({@code spring-boot-starter-batch-jdbc}) on the starter's data source: Boot creates
 * the job repository's tables from Spring Batch's own {@code schema-sqlite.sql} or
 * {@code schema-postgresql.sql}, a chunk-oriented job copies rows from table to table, and a job that
 * failed half-way is restarted with the same parameters and goes on from its last commit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringBatchTests {

	private static final int ROWS = 23;

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void chunkOrientedJobCopiesEveryRow(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			JdbcTemplate jdbc = createTables(context);
			JobExecution execution = context.getBean(JobOperator.class)
				.start(context.getBean(Job.class), parameters("chunk"));
			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			StepExecution step = execution.getStepExecutions().iterator().next();
			assertThat(step.getReadCount()).isEqualTo(ROWS);
			assertThat(step.getWriteCount()).isEqualTo(ROWS);
			assertThat(jdbc.queryForList("SELECT name FROM target ORDER BY id", String.class))
				.isEqualTo(LongStream.rangeClosed(1, ROWS).mapToObj((id) -> "ROW-" + id).toList());
			// What the job repository recorded, read back from its tables.
			assertThat(jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
					String.class, execution.getId())).isEqualTo("COMPLETED");
			assertThat(jdbc.queryForObject(
					"SELECT WRITE_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?", Long.class,
					step.getId())).isEqualTo(ROWS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void failedJobRestartedWithTheSameParametersGoesOnFromItsLastCommit(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			JdbcTemplate jdbc = createTables(context);
			JobOperator operator = context.getBean(JobOperator.class);
			Job job = context.getBean(Job.class);
			Processor processor = context.getBean(Processor.class);
			JobParameters parameters = parameters("restart");

			// Item 13 fails: chunks 1-5 and 6-10 are committed, chunk 11-15 is rolled back.
			processor.failOnceAt(13);
			JobExecution first = operator.start(job, parameters);
			assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(first.getAllFailureExceptions()).anySatisfy(
					(failure) -> assertThat(failure).hasRootCauseMessage("Failing once at item 13"));
			assertThat(processor.takeSeen()).isEqualTo(LongStream.rangeClosed(1, 13).boxed().toList());
			assertThat(jdbc.queryForObject("SELECT count(*) FROM target", Long.class)).isEqualTo(10L);
			StepExecution failedStep = first.getStepExecutions().iterator().next();
			assertThat(failedStep.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(failedStep.getWriteCount()).isEqualTo(10);

			// The same parameters: the same job instance, restarted after the last committed item (10).
			JobExecution second = operator.start(job, parameters);
			assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(second.getJobInstance().getInstanceId()).isEqualTo(first.getJobInstance().getInstanceId());
			assertThat(processor.takeSeen()).isEqualTo(LongStream.rangeClosed(11, ROWS).boxed().toList());
			StepExecution restartedStep = second.getStepExecutions().iterator().next();
			assertThat(restartedStep.getReadCount()).isEqualTo(ROWS - 10);
			assertThat(restartedStep.getWriteCount()).isEqualTo(ROWS - 10);

			// Every item written exactly once (target.id is the primary key, and every id is there).
			assertThat(jdbc.queryForObject("SELECT count(*) FROM target", Long.class)).isEqualTo(ROWS);
			assertThat(jdbc.queryForList("SELECT id FROM target ORDER BY id", Long.class))
				.isEqualTo(LongStream.rangeClosed(1, ROWS).boxed().toList());

			// The job repository: one instance, two executions (FAILED, then COMPLETED), and a
			// completed instance cannot run again.
			JobRepository repository = context.getBean(JobRepository.class);
			JobInstance instance = repository.getJobInstance("copyJob", parameters);
			assertThat(instance).isNotNull();
			List<BatchStatus> statuses = repository.getJobExecutions(instance)
				.stream()
				.sorted(java.util.Comparator.comparingLong(JobExecution::getId))
				.map(JobExecution::getStatus)
				.toList();
			assertThat(statuses).containsExactly(BatchStatus.FAILED, BatchStatus.COMPLETED);
			assertThat(jdbc.queryForList(
					"SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ? ORDER BY JOB_EXECUTION_ID",
					String.class, instance.getInstanceId()))
				.containsExactly("FAILED", "COMPLETED");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_INSTANCE", Long.class)).isEqualTo(1L);
			assertThatExceptionOfType(JobInstanceAlreadyCompleteException.class)
				.isThrownBy(() -> operator.start(job, parameters));
		}
	}

	private JdbcTemplate createTables(ConfigurableApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("CREATE TABLE source (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
		jdbc.execute("CREATE TABLE target (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
		jdbc.batchUpdate("INSERT INTO source (id, name) VALUES (?, ?)",
				LongStream.rangeClosed(1, ROWS).mapToObj((id) -> new Object[] { id, "row-" + id }).toList());
		return jdbc;
	}

	private static JobParameters parameters(String run) {
		return new JobParametersBuilder().addString("run", run).toJobParameters();
	}

	private ConfigurableApplicationContext start(String backend) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(BatchApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.batch.job.enabled=false");
		if (backend.equals("sqlite")) {
			// Nothing else: on SQLite the starter has Boot create Spring Batch's tables.
			return builder.properties("cloacina.database.url=sqlite://" + this.directory.resolve("batch.db")).run();
		}
		// On PostgreSQL Boot's default (initialize-schema=embedded) leaves the schema to the application.
		return builder
			.properties("cloacina.database.url=" + TestPostgres.createDatabase(),
					"spring.batch.jdbc.initialize-schema=always")
			.run();
	}

}
