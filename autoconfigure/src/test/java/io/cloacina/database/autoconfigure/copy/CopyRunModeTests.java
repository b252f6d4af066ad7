package io.cloacina.database.autoconfigure.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code cloacina.copy.from} in a real application ({@link CopyTestApplication}: a Flyway migration, a
 * bean that reads the database in its constructor, a lifecycle bean), from a SQLite file the
 * application ran on into a PostgreSQL database: the application's own migrations run on the target
 * first, then the copy, then the beans that use the database; a copy that cannot be made fails the
 * startup with a failure analysis and leaves the target as it was; no password is ever printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class CopyRunModeTests {

	private static final String PASSWORD = "c0py-S3cret";

	@TempDir
	Path directory;

	@Test
	void continueModeCopiesAfterTheMigrationsAndBeforeTheBeansThatReadTheDatabase(CapturedOutput output) {
		Path source = sqliteSource(3);
		String target = TestPostgres.createDatabase();
		int before = output.length();
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue",
				"--cloacina.copy.progress-interval=0s")) {
			assertThat(context.getBean(CopyTestApplication.NoteCounter.class).notesAtStartup).isEqualTo(3);
			assertThat(context.getBean(CopyTestApplication.Engine.class).isRunning()).isTrue();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT body FROM note ORDER BY id", String.class))
				.containsExactly("note 1", "note 2", "note 3");
			assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class))
				.containsExactly("1");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_name = "
					+ "'cloacina_leader_lock'", Integer.class)).isZero();
			DatabaseCopyInitializer initializer = context.getBean(DatabaseCopyInitializer.class);
			assertThat(initializer.getReport()).isNotNull();
			assertThat(initializer.getReport().rows()).isEqualTo(3);
		}
		String run = output.toString().substring(before);
		int migrated = run.indexOf("Successfully applied 1 migration");
		int copying = run.indexOf("Copying the data of sqlite://" + source);
		int copied = run.indexOf("Copied 3 rows");
		int counted = run.indexOf("NoteCounter saw 3 notes");
		int engine = run.indexOf("ENGINE STARTED");
		assertThat(migrated).as("Flyway migrated the target").isNotNegative();
		assertThat(copying).as("the copy started after the migration").isGreaterThan(migrated);
		assertThat(copied).as("the report").isGreaterThan(copying);
		assertThat(counted).as("the JdbcTemplate user read after the copy").isGreaterThan(copied);
		assertThat(engine).isGreaterThan(counted);
		assertThat(run).contains("cloacina.copy.then=continue").contains("Remove cloacina.copy.from before the next start");
		assertThat(run.split("Copied 3 rows", -1)).as("one report").hasSize(2);
		// progress-interval=0s: a progress line for every chunk, through the starter's log.
		assertThat(run).contains("DatabaseCopyInitializer - Copying sqlite://" + source)
			.contains("3 of 3 rows (100.0 %)")
			.contains("DatabaseCopyInitializer - Verifying ");
	}

	@Test
	void aCopyThatFailsMidwayFailsTheStartupWithAnAnalysisAndLeavesTheTargetEmpty(CapturedOutput output) {
		Path source = sqliteSource(3);
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=sqlite://" + source)) {
			// SQLite keeps text in an INTEGER column; PostgreSQL's BIGINT will not take it.
			context.getBean(JdbcTemplate.class).update("INSERT INTO reading (id, value) VALUES (1, 'not a number')");
		}
		String target = TestPostgres.createDatabase();
		int before = output.length();
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue"));
		String run = output.toString().substring(before);
		assertThat(run).contains("APPLICATION FAILED TO START")
			.contains("Could not copy table 'reading'")
			.contains("The application's database is as it was before the copy")
			.contains("cloacina.copy.exclude-tables")
			.doesNotContain("NoteCounter saw")
			.doesNotContain("ENGINE STARTED");
		assertThat(notes(target)).isEmpty();
		// Leaving the table out, as the action says, copies the rest.
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue",
				"--cloacina.copy.exclude-tables=reading")) {
			assertThat(context.getBean(CopyTestApplication.NoteCounter.class).notesAtStartup).isEqualTo(3);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM reading", Integer.class))
				.isZero();
		}
	}

	@Test
	void aPostgresDatabaseIsCopiedIntoANewSqliteFileTheOtherWayRound() {
		String source = TestPostgres.createDatabase();
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + source)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("INSERT INTO note (body) VALUES ('from production')");
			jdbc.update("INSERT INTO reading (id, value) VALUES (7, 42)");
		}
		Path snapshot = this.directory.resolve("snapshot.db");
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=sqlite://" + snapshot,
				"--cloacina.copy.from=" + source, "--cloacina.copy.then=continue")) {
			assertThat(context.getBean(CopyTestApplication.NoteCounter.class).notesAtStartup).isEqualTo(1);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT value FROM reading WHERE id = 7", Long.class)).isEqualTo(42);
			jdbc.update("INSERT INTO note (body) VALUES ('on the laptop')");
			assertThat(jdbc.queryForList("SELECT id FROM note ORDER BY id", Long.class)).containsExactly(1L, 2L);
		}
	}

	@Test
	void theCopyRunsWithLazyInitializationToo() {
		Path source = sqliteSource(2);
		String target = TestPostgres.createDatabase();
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue",
				"--spring.main.lazy-initialization=true")) {
			// Read with a pool of its own: no bean of the application is asked for first.
			assertThat(notes(target)).containsExactly("note 1", "note 2");
		}
	}

	@Test
	void aTargetWithRowsIsRefusedNamingTheTableAndThePropertyAndKeepsItsRows(CapturedOutput output) {
		Path source = sqliteSource(2);
		String target = TestPostgres.createDatabase();
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target)) {
			context.getBean(JdbcTemplate.class).update("INSERT INTO note (body) VALUES ('already there')");
		}
		int before = output.length();
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue"));
		String run = output.toString().substring(before);
		assertThat(run).contains("APPLICATION FAILED TO START")
			.contains("note")
			.contains("cloacina.copy.replace-existing")
			.doesNotContain("NoteCounter saw")
			.doesNotContain("ENGINE STARTED");
		assertThat(notes(target)).containsExactly("already there");
		// As the action says: replace-existing replaces the target's rows.
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source, "--cloacina.copy.then=continue",
				"--cloacina.copy.replace-existing=true")) {
			assertThat(context.getBean(CopyTestApplication.NoteCounter.class).notesAtStartup).isEqualTo(2);
		}
		assertThat(notes(target)).containsExactly("note 1", "note 2");
	}

	@Test
	void thePasswordOfEitherDatabaseIsNeverPrinted(CapturedOutput output) {
		// The embedded server trusts local connections: any password is accepted, and must never be shown.
		String plain = TestPostgres.createDatabase();
		String target = plain.replace("postgres@", "postgres:" + PASSWORD + "@");
		String source = TestPostgres.createDatabase().replace("postgres@", "postgres:" + PASSWORD + "@");
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + source)) {
			context.getBean(JdbcTemplate.class).update("INSERT INTO note (body) VALUES ('from postgres')");
		}
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=" + source, "--cloacina.copy.then=continue")) {
			assertThat(context.getBean(CopyTestApplication.NoteCounter.class).notesAtStartup).isEqualTo(1);
			assertThat(context.getBean(CloacinaCopyProperties.class).toString()).doesNotContain(PASSWORD);
		}
		// A failed copy (the target has rows now) does not show it either.
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=" + source, "--cloacina.copy.then=continue"));
		assertThat(output).contains("Copying the data of postgresql://postgres:****@")
			.contains("APPLICATION FAILED TO START")
			.doesNotContain(PASSWORD);
	}

	@Test
	void theApplicationsOwnPostgresDatabaseIsRefusedAsSource(CapturedOutput output) {
		String target = TestPostgres.createDatabase();
		String sameWithPassword = target.replace("postgres@", "postgres:" + PASSWORD + "@").replace("localhost:", "LOCALHOST:");
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=" + sameWithPassword));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The source and the target of the copy are the same database")
			.contains("Set cloacina.copy.from")
			.doesNotContain(PASSWORD);
	}

	@Test
	void theApplicationsOwnSqliteFileIsRefusedAsSourceWhateverItsSpelling(CapturedOutput output) throws Exception {
		Path file = sqliteSource(1);
		Path link = Files.createSymbolicLink(this.directory.resolve("link.db"), file);
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=sqlite://" + file,
				"--cloacina.copy.from=" + link));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The source and the target of the copy are the same database");
	}

	@Test
	void aMissingSourceFileOrAnInMemorySourceIsRefused(CapturedOutput output) {
		String target = TestPostgres.createDatabase();
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + this.directory.resolve("missing.db")));
		assertThat(output).contains("APPLICATION FAILED TO START").contains("The SQLite file to copy from does not exist")
			.contains("missing.db");
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite::memory:"));
		assertThat(output).contains("An in-memory SQLite database cannot be copied from");
		assertThatException().isThrownBy(() -> run("--cloacina.database.url=" + target, "--cloacina.copy.from="));
		assertThat(output).contains("cloacina.copy.from: Invalid database URL '': the URL is empty")
			.contains("Set cloacina.copy.from to the database to copy from");
		assertThat(Files.exists(this.directory.resolve("missing.db"))).isFalse();
	}

	@Test
	void exitModeExitsWithStatusZeroOnceCopiedBeforeAnythingElseStarts() throws Exception {
		Path source = sqliteSource(3);
		String target = TestPostgres.createDatabase();
		Result copied = runProcess("--cloacina.database.url=" + target, "--cloacina.copy.from=sqlite://" + source);
		assertThat(copied.status()).as(copied.output()).isZero();
		assertThat(copied.output().split("Copied 3 rows", -1)).as("one report").hasSize(2);
		assertThat(copied.output()).contains("Copied 3 rows")
			.contains("exiting (cloacina.copy.then=exit)")
			.doesNotContain("NoteCounter saw")
			.doesNotContain("ENGINE STARTED")
			.doesNotContain("Started CopyTestApplication");
		assertThat(notes(target)).containsExactly("note 1", "note 2", "note 3");
		// Run again: the target has rows now, the copy is refused and the process fails.
		Result refused = runProcess("--cloacina.database.url=" + target, "--cloacina.copy.from=sqlite://" + source);
		assertThat(refused.status()).as(refused.output()).isEqualTo(1);
		assertThat(refused.output()).contains("APPLICATION FAILED TO START")
			.contains("cloacina.copy.replace-existing")
			.doesNotContain("ENGINE STARTED");
		assertThat(notes(target)).containsExactly("note 1", "note 2", "note 3");
	}

	@Test
	void anAheadOfTimeProcessedApplicationRefusesTheCopyInsteadOfSkippingIt() throws Exception {
		Path source = sqliteSource(1);
		String target = TestPostgres.createDatabase();
		Result refused = runProcess(List.of("-Dspring.aot.enabled=true"), "--cloacina.database.url=" + target,
				"--cloacina.copy.from=sqlite://" + source);
		assertThat(refused.status()).as(refused.output()).isNotZero();
		assertThat(refused.output()).contains("APPLICATION FAILED TO START")
			.contains("cloacina.copy.from is set, but the application runs from its ahead-of-time processed form")
			.contains("without -Dspring.aot.enabled=true");
	}

	/** A SQLite file that {@link CopyTestApplication} ran on (migrated), with some notes. */
	private Path sqliteSource(int notes) {
		Path file = this.directory.resolve("app.db");
		try (ConfigurableApplicationContext context = run("--cloacina.database.url=sqlite://" + file)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			// The starter's lease table (SQLite's leader lock) is in the file too, held: never copied.
			assertThat(context.getBean(LeaderLock.class).tryAcquire("scheduler")).isPresent();
			for (int i = 1; i <= notes; i++) {
				jdbc.update("INSERT INTO note (body) VALUES (?)", "note " + i);
			}
		}
		return file;
	}

	private static List<String> notes(String url) {
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
			return new JdbcTemplate(dataSource).queryForList("SELECT body FROM note ORDER BY id", String.class);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(CopyTestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> all = new ArrayList<>(List.of(CopyTestApplication.ARGS));
		all.addAll(List.of(args));
		return application.run(all.toArray(String[]::new));
	}

	private Result runProcess(String... args) throws Exception {
		return runProcess(List.of(), args);
	}

	private Result runProcess(List<String> jvmOptions, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx256m"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), CopyTestApplication.class.getName()));
		command.addAll(List.of(CopyTestApplication.ARGS));
		command.addAll(List.of(args));
		Path log = Files.createTempFile(this.directory, "process", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("The process did not end in 90 s:\n" + Files.readString(log));
		}
		return new Result(process.exitValue(), Files.readString(log));
	}

	record Result(int status, String output) {

	}

}
