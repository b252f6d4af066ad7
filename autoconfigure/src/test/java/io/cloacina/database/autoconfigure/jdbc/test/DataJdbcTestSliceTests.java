package io.cloacina.database.autoconfigure.jdbc.test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.data.jdbc.SqliteJdbcDialect;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} runs on the backend {@code cloacina.database.url} names, as {@code @JdbcTest},
 * and Spring Data JDBC repositories work there: on SQLite through the starter's
 * {@link SqliteJdbcDialect}.
 */
class DataJdbcTestSliceTests {

	abstract static class RepositoryTests extends AbstractJdbcTestSliceTests {

		@Autowired
		SliceNoteRepository notes;

		@Autowired
		JdbcDialect jdbcDialect;

		@Test
		void repositorySavesFindsAndPages() {
			this.jdbc.execute("CREATE TABLE slice_note (id " + this.dialect.identityPrimaryKey() + ", text TEXT)");
			SliceNote first = this.notes.save(new SliceNote(null, "note 1"));
			this.notes.save(new SliceNote(null, "note 2"));
			this.notes.save(new SliceNote(null, "note 3"));
			this.notes.save(new SliceNote(null, "other"));
			assertThat(first.id).isNotNull();
			assertThat(this.notes.findById(first.id)).map((note) -> note.text).contains("note 1");
			List<SliceNote> page = this.notes.findByTextStartingWithOrderByIdAsc("note", PageRequest.of(1, 2));
			assertThat(page).extracting((note) -> note.text).containsExactly("note 3");
			assertThat(this.notes.count()).isEqualTo(4);
		}

	}

	@Nested
	@DataJdbcTest
	class Sqlite extends RepositoryTests {

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) throws IOException {
			String url = "sqlite://" + Files.createTempDirectory("data-jdbc-test").resolve("slice.db").toAbsolutePath();
			registry.add("cloacina.database.url", () -> url);
		}

		@Override
		DatabaseBackend expectedBackend() {
			return DatabaseBackend.SQLITE;
		}

		@Test
		void springDataUsesTheSqliteDialect() {
			assertThat(this.jdbcDialect).isInstanceOf(SqliteJdbcDialect.class);
		}

	}

	@Nested
	@DataJdbcTest
	class Postgres extends RepositoryTests {

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			registry.add("cloacina.database.url", TestPostgres::createDatabase);
		}

		@Override
		DatabaseBackend expectedBackend() {
			return DatabaseBackend.POSTGRESQL;
		}

		@Test
		void springDataUsesThePostgresDialect() {
			assertThat(this.jdbcDialect).isInstanceOf(JdbcPostgresDialect.class);
		}

	}

}
