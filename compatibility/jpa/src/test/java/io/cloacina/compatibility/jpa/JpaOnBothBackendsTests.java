package io.cloacina.compatibility.jpa;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Data JPA with Hibernate 7.2 on the starter's data source, with no JPA setting but
 * {@code ddl-auto}: the same entities, ids, locks and transactions on a SQLite file and PostgreSQL.
 * On SQLite the starter sets Hibernate's community dialect and the column ordering that keeps
 * {@code IDENTITY} ids typed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class JpaOnBothBackendsTests {

	@TempDir
	java.nio.file.Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void identityIdsAreGeneratedByTheDatabase(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			TicketRepository tickets = context.getBean(TicketRepository.class);
			List<Ticket> saved = tickets.saveAll(List.of(new Ticket("a"), new Ticket("b"), new Ticket("c")));
			assertThat(saved).extracting(Ticket::getId).doesNotContainNull().doesNotHaveDuplicates();
			// The stored ids, not only those Hibernate hands back.
			assertThat(context.getBean(JdbcTemplate.class).queryForList("SELECT id FROM ticket ORDER BY id", Long.class))
				.containsExactlyElementsOf(saved.stream().map(Ticket::getId).sorted().toList());
			assertThat(tickets.findAll()).extracting(Ticket::getTitle).containsExactlyInAnyOrder("a", "b", "c");
			if (backend.equals("sqlite")) {
				// The id is SQLite's row id: declared INTEGER, first in the table.
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SELECT type FROM pragma_table_info('ticket') WHERE name = 'id'",
						String.class)).isEqualToIgnoringCase("integer");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void uuidIdsInstantsAndBooleansRoundTrip(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			NoteRepository notes = context.getBean(NoteRepository.class);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			Note saved = notes.save(new Note("first", now, true));
			Note read = notes.findById(saved.getId()).orElseThrow();
			assertThat(read.getText()).isEqualTo("first");
			// sqlite-jdbc stores timestamps as epoch milliseconds: SQLite keeps milliseconds.
			assertThat(read.getCreatedAt())
				.isEqualTo(backend.equals("sqlite") ? now.truncatedTo(ChronoUnit.MILLIS) : now);
			assertThat(read.isPinned()).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aPessimisticLockKeepsEveryConcurrentUpdate(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			AccountService service = context.getBean(AccountService.class);
			Long id = context.getBean(AccountRepository.class).save(new Account("shared")).getId();
			List<Throwable> errors = Concurrently.run(8, Duration.ofSeconds(150), (thread) -> {
				for (int i = 0; i < 25; i++) {
					service.deposit(id, 1);
				}
			});
			assertThat(errors).isEmpty();
			assertThat(context.getBean(AccountRepository.class).findById(id).orElseThrow().getBalance())
				.isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aReadOnlyTransactionIsRefusedWrites(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			AccountService service = context.getBean(AccountService.class);
			Long id = context.getBean(AccountRepository.class).save(new Account("read-only")).getId();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> service.depositInReadOnlyTransaction(id, 5));
			assertThat(context.getBean(AccountRepository.class).findById(id).orElseThrow().getBalance()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aDuplicateUniqueValueIsADataIntegrityViolation(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			AccountRepository accounts = context.getBean(AccountRepository.class);
			accounts.saveAndFlush(new Account("unique"));
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> accounts.saveAndFlush(new Account("unique")));
			assertThat(accounts.count()).isOne();
		}
	}

	@Test
	void withoutHibernatesCommunityDialectsStartupSaysWhatToAdd(CapturedOutput output) {
		SpringApplicationBuilder application = builder("sqlite")
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("org.hibernate.community")));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run);
		assertThat(output).contains("JPA is used on SQLite")
			.contains("org.hibernate.community.dialect.SQLiteDialect is not on the class path")
			.contains("Add the dependency org.hibernate.orm:hibernate-community-dialects");
	}

	private ConfigurableApplicationContext start(String backend) {
		return builder(backend).run();
	}

	private SpringApplicationBuilder builder(String backend) {
		String url = backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("jpa.db")
				: TestPostgres.createDatabase();
		return new SpringApplicationBuilder(JpaApplication.class).web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url, "spring.jpa.hibernate.ddl-auto=create",
					"spring.jpa.open-in-view=false");
	}

}
