package io.cloacina.compatibility.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A Spring Boot application with one chunk-oriented Spring Batch job: read the rows of {@code source}
 * page by page, upper-case their names, insert them into {@code target}, five items per transaction.
 * Every part is Spring Batch's own JDBC support; nothing in it knows the backend.
 */
@SpringBootApplication
public class BatchApplication {

	static final int CHUNK_SIZE = 5;

	@Bean
	Job copyJob(JobRepository jobRepository, Step copyStep) {
		return new JobBuilder("copyJob", jobRepository).start(copyStep).build();
	}

	@Bean
	Step copyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<SourceRow> reader, Processor processor, JdbcBatchItemWriter<SourceRow> writer) {
		return new StepBuilder("copyStep", jobRepository).<SourceRow, SourceRow>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(processor)
			.writer(writer)
			.build();
	}

	@Bean
	JdbcPagingItemReader<SourceRow> reader(DataSource dataSource) throws Exception {
		// The paging query provider is picked from the connection's metadata (SqlitePagingQueryProvider
		// or PostgresPagingQueryProvider); the reader saves the last sort key read at every commit.
		return new JdbcPagingItemReaderBuilder<SourceRow>().name("sourceReader")
			.dataSource(dataSource)
			.selectClause("SELECT id, name")
			.fromClause("FROM source")
			.sortKeys(Map.of("id", Order.ASCENDING))
			.rowMapper((rs, rowNum) -> new SourceRow(rs.getLong("id"), rs.getString("name")))
			.pageSize(CHUNK_SIZE)
			.build();
	}

	@Bean
	Processor processor() {
		return new Processor();
	}

	@Bean
	JdbcBatchItemWriter<SourceRow> writer(DataSource dataSource) {
		return new JdbcBatchItemWriterBuilder<SourceRow>().dataSource(dataSource)
			.sql("INSERT INTO target (id, name) VALUES (?, ?)")
			.itemPreparedStatementSetter((item, ps) -> {
				ps.setLong(1, item.id());
				ps.setString(2, item.name());
			})
			.build();
	}

	/** A row of the {@code source} table. */
	record SourceRow(long id, String name) {
	}

	/** Upper-cases names, records the ids it saw, and fails once at a chosen id when asked to. */
	static class Processor implements ItemProcessor<SourceRow, SourceRow> {

		private final List<Long> seen = new ArrayList<>();

		private volatile long failOnceAt = -1;

		void failOnceAt(long id) {
			this.failOnceAt = id;
		}

		synchronized List<Long> takeSeen() {
			List<Long> taken = List.copyOf(this.seen);
			this.seen.clear();
			return taken;
		}

		@Override
		public synchronized SourceRow process(SourceRow item) {
			this.seen.add(item.id());
			if (item.id() == this.failOnceAt) {
				this.failOnceAt = -1;
				throw new IllegalStateException("Failing once at item " + item.id());
			}
			return new SourceRow(item.id(), item.name().toUpperCase(java.util.Locale.ROOT));
		}

	}

}
