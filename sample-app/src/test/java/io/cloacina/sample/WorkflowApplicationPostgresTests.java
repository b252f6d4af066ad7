package io.cloacina.sample;

import io.cloacina.database.test.TestPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class WorkflowApplicationPostgresTests extends AbstractWorkflowApplicationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = TestPostgres.createDatabase().replace("postgres@", "postgres:" + PASSWORD + "@");
		registry.add("cloacina.database.url", () -> url);
	}

}
