package io.cloacina.database.autoconfigure.jdbc.test;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.test.TestPostgres;

import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @JdbcTest} with {@code cloacina.database.url} naming a PostgreSQL database.
 */
@JdbcTest
class JdbcTestSlicePostgresTests extends AbstractJdbcTestSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", TestPostgres::createDatabase);
	}

	@Override
	DatabaseBackend expectedBackend() {
		return DatabaseBackend.POSTGRESQL;
	}

}
