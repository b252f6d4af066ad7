package io.cloacina.compatibility.session;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Session JDBC 4 ({@code spring-boot-starter-session-jdbc}) in a servlet web application on
 * the starter's data source: Boot creates {@code SPRING_SESSION} from Spring Session's own
 * {@code schema-sqlite.sql} or {@code schema-postgresql.sql}, and a session written by one request
 * is read by the next one of the same client, through a real server and a real HTTP client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringSessionJdbcTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void sessionSurvivesFromOneRequestToTheNext(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
			CookieManager cookies = new CookieManager();
			HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

			HttpResponse<String> first = client.send(
					HttpRequest.newBuilder(URI.create(base + "/name?name=ada"))
						.POST(HttpRequest.BodyPublishers.noBody())
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.body()).isEqualTo("remembered");

			HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create(base + "/name")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(second.body()).isEqualTo("ada");

			// Another client, without the cookie, has no such session.
			HttpResponse<String> stranger = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(base + "/name")).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(stranger.body()).isEqualTo("(none)");

			// The session is the row of SPRING_SESSION whose id the cookie carries (Base64, as Spring
			// Session writes it), with the attribute in SPRING_SESSION_ATTRIBUTES.
			HttpCookie cookie = cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter((candidate) -> candidate.getName().equals("SESSION"))
				.findFirst()
				.orElseThrow();
			String sessionId = new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class,
					sessionId)).isEqualTo(1L);
			assertThat(jdbc.queryForList("""
					SELECT a.ATTRIBUTE_NAME FROM SPRING_SESSION_ATTRIBUTES a
					JOIN SPRING_SESSION s ON s.PRIMARY_ID = a.SESSION_PRIMARY_ID WHERE s.SESSION_ID = ?""",
					String.class, sessionId)).containsExactly("name");
		}
	}

	private ConfigurableApplicationContext start(String backend) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SessionApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0");
		if (backend.equals("sqlite")) {
			// Nothing else: on SQLite the starter has Boot create Spring Session's tables.
			return builder.properties("cloacina.database.url=sqlite://" + this.directory.resolve("session.db")).run();
		}
		// On PostgreSQL Boot's default (initialize-schema=embedded) leaves the schema to the application.
		return builder
			.properties("cloacina.database.url=" + TestPostgres.createDatabase(),
					"spring.session.jdbc.initialize-schema=always")
			.run();
	}

}
