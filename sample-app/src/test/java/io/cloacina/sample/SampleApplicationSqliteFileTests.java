package io.cloacina.sample;

import java.nio.file.Path;

import io.cloacina.database.DatabaseBackend;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SampleApplicationSqliteFileTests extends AbstractSampleApplicationTests {

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("sample.db"));
	}

	@Override
	DatabaseBackend expectedBackend() {
		return DatabaseBackend.SQLITE;
	}

}
