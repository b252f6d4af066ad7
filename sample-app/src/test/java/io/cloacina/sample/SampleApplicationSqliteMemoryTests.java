package io.cloacina.sample;

import io.cloacina.database.DatabaseBackend;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "cloacina.database.url=sqlite::memory:")
class SampleApplicationSqliteMemoryTests extends AbstractSampleApplicationTests {

	@Override
	DatabaseBackend expectedBackend() {
		return DatabaseBackend.SQLITE;
	}

}
