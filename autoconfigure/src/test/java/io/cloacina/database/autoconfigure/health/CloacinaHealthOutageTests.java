package io.cloacina.database.autoconfigure.health;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.StarterContextRunner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoint during a database outage answers DOWN, with the reason, within
 * {@code management.health.cloacina.timeout}, although HikariCP would wait its
 * {@code connection-timeout} (30 s, left at the default here) for a connection: a PostgreSQL server
 * that is stopped, and one that accepts connections but never answers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloacinaHealthOutageTests {

	private static final long TIMEOUT_MILLIS = 1500;

	/** Scheduling slack on a busy 2-core machine. */
	private static final long SLACK_MILLIS = 700;

	private final ApplicationContextRunner runner = StarterContextRunner.create()
		.withConfiguration(AutoConfigurations.of(CloacinaHealthContributorAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.show-details=always",
				"management.health.cloacina.timeout=" + TIMEOUT_MILLIS + "ms");

	@Test
	void stoppedPostgresIsReportedDownWithTheReasonWithinTheTimeout() throws IOException {
		EmbeddedPostgres server = EmbeddedPostgres.builder().start();
		String url = "postgresql://postgres:Kq7Zx9pw@localhost:" + server.getPort() + "/postgres";
		try {
			this.runner.withPropertyValues("cloacina.database.url=" + url).run((context) -> {
				assertThat(context.getBean(CloacinaDataSource.class).getConnectionTimeout()).isEqualTo(30_000);
				assertThat(timedHealth(context).health().getStatus()).isEqualTo(Status.UP);
				server.close();
				List<Long> times = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					// A check is shared by the requests that come within the timeout after it started: each
					// of these is a new one.
					Thread.sleep(TIMEOUT_MILLIS);
					TimedHealth down = timedHealth(context);
					times.add(down.millis());
					assertThat(down.health().getStatus()).isEqualTo(Status.DOWN);
					IndicatedHealthDescriptor cloacina = component(down.health(), "cloacina");
					assertThat(cloacina.getStatus()).isEqualTo(Status.DOWN);
					Map<String, Object> details = cloacina.getDetails();
					assertThat(details).containsEntry("backend", "postgresql").containsKey("error");
					// The reason is what the pool saw last: a new connection refused, or a pooled one that the
					// stopped server closed (which of the two depends on timing).
					assertThat(String.valueOf(details.get("error")) + details.get("reason"))
						.containsAnyOf("refused", "This connection has been closed");
					assertThat(component(down.health(), "db").getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.health().toString()).doesNotContain("Kq7Zx9pw");
					if (i == 0) {
						System.out.println("Health during the outage: " + details);
					}
				}
				System.out.printf("BENCH health_stopped_postgres %s ms per /health (timeout %d ms, Hikari connection-timeout 30000 ms)%n",
						times, TIMEOUT_MILLIS);
				assertThat(times).allSatisfy((millis) -> assertThat(millis).isLessThan(TIMEOUT_MILLIS + SLACK_MILLIS));
			});
		}
		finally {
			server.close();
		}
	}

	@Test
	void serverThatNeverAnswersIsReportedDownWithinTheTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			List<Socket> accepted = new ArrayList<>();
			Thread acceptor = new Thread(() -> {
				while (!silent.isClosed()) {
					try {
						accepted.add(silent.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			this.runner
				.withPropertyValues("cloacina.database.url=postgresql://app:Kq7Zx9pw@127.0.0.1:" + silent.getLocalPort() + "/app",
						"cloacina.database.hikari.initialization-fail-timeout=-1",
						// Each connection attempt hangs 5 s (not 30) so that the pool closes quickly after the test.
						"cloacina.database.properties.loginTimeout=5")
				.run((context) -> {
					List<Long> times = new ArrayList<>();
					for (int i = 0; i < 3; i++) {
						TimedHealth down = timedHealth(context);
						times.add(down.millis());
						IndicatedHealthDescriptor cloacina = component(down.health(), "cloacina");
						assertThat(cloacina.getStatus()).isEqualTo(Status.DOWN);
						assertThat(String.valueOf(cloacina.getDetails().get("error"))).contains("did not answer within");
						assertThat(component(down.health(), "db").getStatus()).isEqualTo(Status.DOWN);
					}
					System.out.printf("BENCH health_silent_postgres %s ms per /health (timeout %d ms)%n", times,
							TIMEOUT_MILLIS);
					assertThat(times).allSatisfy((millis) -> assertThat(millis).isLessThan(TIMEOUT_MILLIS + SLACK_MILLIS));
				});
			for (Socket socket : accepted) {
				socket.close();
			}
		}
	}

	private static TimedHealth timedHealth(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		long start = System.nanoTime();
		CompositeHealthDescriptor health = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class).health();
		return new TimedHealth(health, (System.nanoTime() - start) / 1_000_000);
	}

	private static IndicatedHealthDescriptor component(CompositeHealthDescriptor health, String name) {
		return (IndicatedHealthDescriptor) health.getComponents().get(name);
	}

	record TimedHealth(CompositeHealthDescriptor health, long millis) {

	}

}
