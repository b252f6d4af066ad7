package io.cloacina.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class WorkflowApplicationSqliteTests extends AbstractWorkflowApplicationTests {

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("sample.db"));
	}

}
