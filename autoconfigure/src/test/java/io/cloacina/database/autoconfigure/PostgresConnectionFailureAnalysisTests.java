package io.cloacina.database.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.cloacina.database.autoconfigure.ConfigurationFailureAnalysisStartupTests.MinimalApplication;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A PostgreSQL server that is there but refuses the application, each against the real embedded
 * server and seen as a user sees it (a {@link SpringApplication} run and its printed failure analysis):
 * a wrong password, an unknown user, a database that does not exist, and a host name that does not
 * resolve. The password never appears anywhere in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresConnectionFailureAnalysisTests {

	private static final String PASSWORD = "s3cr3t-Pa55";

	/** A role that must log in with a password: the embedded server trusts every other one. */
	private static final String PASSWORD_ROLE = "cloacina_password_user";

	@BeforeAll
	static void requirePasswordForOneRole() throws SQLException, IOException {
		TestPostgres.execute("DROP ROLE IF EXISTS " + PASSWORD_ROLE);
		TestPostgres.execute("CREATE ROLE " + PASSWORD_ROLE + " LOGIN PASSWORD 'the-right-one-7'");
		Path hba = Path.of(show("hba_file"));
		List<String> lines = new ArrayList<>(Files.readAllLines(hba));
		String rule = "host all " + PASSWORD_ROLE + " all scram-sha-256";
		if (!lines.contains(rule)) {
			// First match wins in pg_hba.conf: this line, for this role only, goes before initdb's "trust".
			lines.add(0, rule);
			Files.write(hba, lines);
		}
		TestPostgres.execute("SELECT pg_reload_conf()");
	}

	@Test
	void wrongPasswordInTheUrl(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://" + PASSWORD_ROLE + ":" + PASSWORD + "@localhost:" + port()
				+ "/postgres");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Password authentication failed for user '" + PASSWORD_ROLE + "' on the PostgreSQL server at localhost:"
					+ port())
			.contains("Check the password of " + PASSWORD_ROLE)
			.contains("cloacina.database.password")
			.doesNotContain(PASSWORD);
	}

	@Test
	void wrongPasswordAsAProperty(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://localhost:" + port() + "/postgres",
				"--cloacina.database.username=" + PASSWORD_ROLE, "--cloacina.database.password=" + PASSWORD);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Password authentication failed for user '" + PASSWORD_ROLE + "'")
			.contains("cloacina.database.password")
			.doesNotContain(PASSWORD);
	}

	@Test
	void unknownUser(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://no_such_user:" + PASSWORD + "@localhost:" + port() + "/postgres");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The PostgreSQL server at localhost:" + port())
			.contains("refused user 'no_such_user'")
			.contains("cloacina.database.username")
			.contains("pg_hba.conf")
			.doesNotContain(PASSWORD);
	}

	@Test
	void missingDatabase(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://postgres:" + PASSWORD + "@localhost:" + port()
				+ "/no_such_database");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Database 'no_such_database' does not exist on the PostgreSQL server at localhost:" + port())
			.contains("CREATE DATABASE no_such_database")
			.contains("fix the database name in cloacina.database.url")
			.doesNotContain(PASSWORD);
	}

	@Test
	void unknownHost(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://app:" + PASSWORD + "@db.cloacina.invalid:5432/app?connect_timeout=5");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The host name 'db.cloacina.invalid' of the PostgreSQL server cannot be resolved")
			.contains("Fix the host in cloacina.database.url")
			.doesNotContain(PASSWORD);
		// The driver's own words, logged by the pool above, say nothing of the host: the analysis does.
		assertThat(output.toString().substring(output.toString().indexOf("APPLICATION FAILED TO START")))
			.doesNotContain("The connection attempt failed");
	}

	private static void fails(String... args) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run(args));
	}

	private static int port() {
		return TestPostgres.server().getPort();
	}

	private static String show(String setting) throws SQLException {
		try (Connection connection = TestPostgres.server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

}
