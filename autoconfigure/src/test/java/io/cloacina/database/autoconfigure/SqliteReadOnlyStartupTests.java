package io.cloacina.database.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite database that the application's user cannot write stops startup with an analysis that
 * names the file in the way: a read-only directory ({@code SQLITE_READONLY_DIRECTORY}) and a stale
 * read-only {@code -shm} file. The application runs in a JVM of its own as a user without privileges
 * ({@link UnprivilegedJava}), because root may write anything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteReadOnlyStartupTests {

	@TempDir
	Path temporary;

	@Test
	void readOnlyDirectory() throws Exception {
		Path directory = Files.createDirectory(this.temporary.resolve("read-only-dir"));
		Path database = directory.resolve("app.db");
		createDatabase(database);
		UnprivilegedJava.permissions(this.temporary, "rwxr-xr-x");
		UnprivilegedJava.permissions(database, "rw-rw-rw-");
		UnprivilegedJava.permissions(directory, UnprivilegedJava.ROOT ? "rwxr-xr-x" : "r-xr-xr-x");
		try {
			String output = start(database);
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The SQLite database " + database)
				.contains("SQLITE_READONLY")
				.contains("its directory " + directory + " is read-only")
				.contains("Make " + directory + " writable");
		}
		finally {
			UnprivilegedJava.permissions(directory, "rwxr-xr-x");
		}
	}

	@Test
	void staleReadOnlyShmFile() throws Exception {
		Path directory = Files.createDirectory(this.temporary.resolve("stale-shm"));
		Path database = directory.resolve("app.db");
		Path shm = directory.resolve("app.db-shm");
		createDatabase(database);
		// A -shm file as a process of another user leaves it: copied while the database was open.
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + database))
			.build(); Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO startup_write (x) VALUES (0)");
			Files.copy(shm, this.temporary.resolve("saved-shm"));
		}
		Files.copy(this.temporary.resolve("saved-shm"), shm);
		UnprivilegedJava.permissions(this.temporary, "rwxr-xr-x");
		UnprivilegedJava.permissions(directory, "rwxrwxrwx");
		UnprivilegedJava.permissions(database, "rw-rw-rw-");
		UnprivilegedJava.permissions(shm, UnprivilegedJava.ROOT ? "rw-r--r--" : "r--r--r--");
		String output = start(database);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The SQLite database " + database)
			.contains("shared-memory index " + shm + " is read-only")
			.contains("then delete " + shm);
	}

	private static void createDatabase(Path database) throws Exception {
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + database))
			.build(); Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS startup_write (x INTEGER)");
		}
	}

	private String start(Path database) throws IOException, InterruptedException {
		Path log = this.temporary.resolve("startup-" + System.nanoTime() + ".log");
		Process process = new ProcessBuilder(UnprivilegedJava.command(StartupWriteApplication.class,
				"--cloacina.database.url=sqlite://" + database))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		System.out.println(output.lines()
			.dropWhile((line) -> !line.contains("APPLICATION FAILED TO START"))
			.limit(12)
			.reduce("", (a, b) -> a + b + "\n"));
		assertThat(process.exitValue()).as(output).isNotZero();
		return output;
	}

}
