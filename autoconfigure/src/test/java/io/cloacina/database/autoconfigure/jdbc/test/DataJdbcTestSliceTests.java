package io.cloacina.database.autoconfigure.jdbc.test;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Nested;

import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @DataJdbcTest} runs on the backend {@code cloacina.database.url} names, as {@code @JdbcTest}.
 * PostgreSQL only: Spring Data JDBC has no dialect for SQLite (it fails with {@code NoDialectException}
 * whatever the data source), which the starter does not provide yet.
 */
class DataJdbcTestSliceTests {

	@Nested
	@DataJdbcTest
	class Postgres extends AbstractJdbcTestSliceTests {

		@DynamicPropertySource
		static void database(DynamicPropertyRegistry registry) {
			registry.add("cloacina.database.url", TestPostgres::createDatabase);
		}

		@Override
		DatabaseBackend expectedBackend() {
			return DatabaseBackend.POSTGRESQL;
		}

	}

}
