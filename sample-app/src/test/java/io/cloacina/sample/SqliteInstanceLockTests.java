package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * One instance per SQLite file, whichever way the second instance names it: another URL form of the
 * same path, a {@code file:} URI, a {@code jdbc:sqlite:} URL, a symbolic link to the file or to its
 * directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteInstanceLockTests {

	@TempDir
	Path directory;

	@Test
	void theLockHoldsForEverySpellingOfTheSameFile() throws Exception {
		Path data = Files.createDirectory(this.directory.resolve("data"));
		Path database = data.resolve("s.db");
		Path fileLink = Files.createSymbolicLink(this.directory.resolve("link.db"), database);
		Path directoryLink = Files.createSymbolicLink(this.directory.resolve("data-link"), data);
		try (ConfigurableApplicationContext first = Instances.start("sqlite://" + database, "first", 0)) {
			for (String url : new String[] { "file:" + database, "file://" + database, "jdbc:sqlite:file:" + database,
					"jdbc:sqlite:" + database, database.toString(), "sqlite://" + data + "/../data/./s.db",
					"sqlite://" + fileLink, "sqlite://" + directoryLink.resolve("s.db"),
					"file:" + database + "?cache=private" }) {
				assertThatException().as(url)
					.isThrownBy(() -> Instances.start(url, "second", 0).close())
					.withStackTraceContaining("Another instance of this application is already running on the SQLite database "
							+ database.toRealPath());
			}
		}
	}

}
