package io.cloacina.compatibility.jpa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} with nothing but the database URL: the slice runs on the starter's SQLite
 * data source (not an embedded replacement) with the starter's Hibernate settings, so
 * {@code IDENTITY} ids work as in the application.
 */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=create")
class DataJpaTestSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Path directory = Files.createTempDirectory("data-jpa-test");
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("slice.db"));
	}

	@Autowired
	DataSource dataSource;

	@Autowired
	TicketRepository tickets;

	@Test
	void theSliceRunsOnTheStartersSqliteDataSourceWithItsHibernateSettings() {
		assertThat(this.dataSource).isInstanceOf(CloacinaDataSource.class);
		assertThat(((CloacinaDataSource) this.dataSource).getBackend()).isEqualTo(DatabaseBackend.SQLITE);
		List<Ticket> saved = this.tickets.saveAllAndFlush(List.of(new Ticket("a"), new Ticket("b")));
		assertThat(saved).extracting(Ticket::getId).doesNotContainNull().doesNotHaveDuplicates();
		// What is stored, not only what Hibernate hands back (it reads last_insert_rowid(), which has a
		// value even when the id column is not the row id and stores NULL).
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForList("SELECT id FROM ticket ORDER BY id", Long.class))
			.containsExactlyElementsOf(saved.stream().map(Ticket::getId).sorted().toList());
	}

}
