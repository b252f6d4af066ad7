package io.cloacina.database.autoconfigure.jdbc.test;

import java.io.IOException;
import java.nio.file.Files;

import io.cloacina.database.DatabaseBackend;

import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @JdbcTest} with {@code cloacina.database.url} naming a SQLite file: no annotation of the
 * starter's needed.
 */
@JdbcTest
class JdbcTestSliceSqliteTests extends AbstractJdbcTestSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		String url = "sqlite://" + Files.createTempDirectory("jdbc-test").resolve("slice.db").toAbsolutePath();
		registry.add("cloacina.database.url", () -> url);
	}

	@Override
	DatabaseBackend expectedBackend() {
		return DatabaseBackend.SQLITE;
	}

}
