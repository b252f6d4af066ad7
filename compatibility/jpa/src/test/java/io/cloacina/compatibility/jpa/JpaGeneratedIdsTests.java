package io.cloacina.compatibility.jpa;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA with Hibernate's default ids ({@code @GeneratedValue}, AUTO) on the starter's
 * data source, eight writers at once, with no JPA setting but {@code ddl-auto}. On SQLite, which
 * has no sequences, Hibernate keeps the next block of ids in a table that it updates on a second
 * connection while the caller's transaction is open. That transaction holds no writer slot if it has
 * run nothing yet, and lends it if it has only read (a service that checks before it saves), so the
 * id update goes ahead either way. Sixty saves after a read per writer need more than one block of
 * fifty ids, so blocks are fetched from inside such transactions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JpaGeneratedIdsTests {

	private static final int WRITERS = 8;

	@TempDir
	java.nio.file.Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void eightConcurrentWritersSaveEntitiesWithDefaultGeneratedIds(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			ItemRepository items = context.getBean(ItemRepository.class);
			ItemService service = context.getBean(ItemService.class);
			List<Throwable> errors = Concurrently.run(WRITERS, Duration.ofSeconds(150), (worker) -> {
				for (int i = 0; i < 50; i++) {
					items.save(new Item("single-" + worker + "-" + i, worker));
				}
				for (int i = 0; i < 10; i++) {
					service.createAll(worker, 5);
				}
				for (int i = 0; i < 60; i++) {
					service.createAfterReading(worker);
				}
			});
			assertThat(errors).isEmpty();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM item", Long.class)).isEqualTo(WRITERS * 160L);
			assertThat(jdbc.queryForObject("SELECT count(DISTINCT id) FROM item", Long.class)).isEqualTo(WRITERS * 160L);
			for (int worker = 0; worker < WRITERS; worker++) {
				assertThat(items.countByWorker(worker)).isEqualTo(160L);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void everyBlockOfIdsFetchedInsideATransactionThatHasRead(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			ItemService service = context.getBean(ItemService.class);
			// Fresh: the first call fetches the first block of fifty ids, the 51st and 101st the next.
			for (int i = 0; i < 120; i++) {
				assertThat(service.createAfterReading(1).getId()).isNotNull();
			}
			assertThat(context.getBean(ItemRepository.class).countByWorker(1)).isEqualTo(120L);
		}
	}

	private ConfigurableApplicationContext start(String backend) {
		String url = backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("jpa.db") : TestPostgres.createDatabase();
		return new SpringApplicationBuilder(JpaApplication.class).web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url, "spring.jpa.hibernate.ddl-auto=create",
					"spring.jpa.open-in-view=false")
			.run();
	}

}
