package com.example.app;

import java.nio.file.Path;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Use it", as a user's application: the starter from the local Maven repository, one
 * URL, and the application's runner stored a row in the SQLite file.
 */
@SpringBootTest
class AppTests {

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("app.db"));
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ConfiguredDatabaseBackend database;

	@Test
	void runsOnTheSqliteFileTheUrlNames() {
		assertThat(this.database.backend()).isEqualTo(DatabaseBackend.SQLITE);
		assertThat(this.database.file()).isEqualTo(directory.resolve("app.db").toAbsolutePath());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM greeting", Long.class)).isOne();
	}

}
