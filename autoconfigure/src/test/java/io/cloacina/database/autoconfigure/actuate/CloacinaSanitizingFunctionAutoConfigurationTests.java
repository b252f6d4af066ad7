package io.cloacina.database.autoconfigure.actuate;

import java.util.Map;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.StarterContextRunner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code show-values=always}, the {@code env} and {@code configprops} endpoints show the
 * starter's settings, but never a password: not in {@code cloacina.database.url} (user info or
 * parameter), {@code cloacina.database.password}, driver properties, nor the Hikari pool's
 * {@code password}, {@code credentials} or {@code jdbcUrl}.
 */
class CloacinaSanitizingFunctionAutoConfigurationTests {

	private final ApplicationContextRunner runner = StarterContextRunner.create()
		.withConfiguration(AutoConfigurations.of(CloacinaSanitizingFunctionAutoConfiguration.class,
				EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=*", "management.endpoints.jmx.exposure.include=*",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always");

	@Test
	void passwordInTheUrlUserInfoAndInDriverProperties() {
		this.runner
			.withPropertyValues("cloacina.database.url=postgresql://app:Kq7Zx9url@127.0.0.1:1/app?sslmode=disable",
					"cloacina.database.properties.sslpassword=Kq7Zx9ssl",
					"cloacina.database.hikari.initialization-fail-timeout=-1", "cloacina.database.hikari.connection-timeout=250")
			.run((context) -> {
				String shown = endpointsOutput(context);
				assertThat(shown).doesNotContain("Kq7Zx9");
				// Values are shown, masked: the URL is still useful.
				assertThat(shown).contains("postgresql://app:****@127.0.0.1:1/app?sslmode=disable")
					.contains("jdbc:postgresql://127.0.0.1:1/app");
			});
	}

	@Test
	void passwordAsAPropertyAsAnEnvironmentVariableAndAsAJdbcUrlParameter() {
		this.runner
			.withPropertyValues("cloacina.database.url=jdbc:postgresql://127.0.0.1:1/app?user=app&password=Kq7Zx9jdbc",
					"cloacina.database.password=Kq7Zx9prop", "cloacina.database.username=app",
					"cloacina.database.hikari.initialization-fail-timeout=-1", "cloacina.database.hikari.connection-timeout=250")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("test-environment",
						Map.of("CLOACINA_DATABASE_PASSWORD", "Kq7Zx9env"))))
			.run((context) -> {
				assertThat(context.getBean(CloacinaDataSource.class).getPassword()).isEqualTo("Kq7Zx9prop");
				String shown = endpointsOutput(context);
				assertThat(shown).doesNotContain("Kq7Zx9");
				assertThat(shown).contains("password=****").contains("CLOACINA_DATABASE_PASSWORD");
			});
	}

	@Test
	void otherValuesStayVisibleAndTheFunctionCanBeReplaced() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite::memory:", "cloacina.database.schema=")
			.run((context) -> {
				assertThat(context).hasBean("cloacinaSanitizingFunction");
				assertThat(endpointsOutput(context)).contains("sqlite::memory:").contains("cloacina-sqlite");
			});
		this.runner.withPropertyValues("cloacina.database.url=sqlite::memory:")
			.withBean("cloacinaSanitizingFunction", org.springframework.boot.actuate.endpoint.SanitizingFunction.class,
					() -> (data) -> data)
			.run((context) -> assertThat(context.getBean("cloacinaSanitizingFunction"))
				.isNotInstanceOf(io.cloacina.database.actuate.CloacinaSanitizingFunction.class));
	}

	@Test
	void configpropsBorrowsNoConnection() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite::memory:").run((context) -> {
			long start = System.nanoTime();
			String shown = endpointsOutput(context);
			assertThat(shown).contains("\"backend\":\"sqlite\"").doesNotContain("anyConnection");
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
			// Serializing the data source's properties must not start the pool, let alone keep a connection.
			assertThat(context.getBean(CloacinaDataSource.class).getHikariPoolMXBean()).isNull();
		});
	}

	private static String endpointsOutput(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		JsonMapper json = JsonMapper.builder().build();
		return json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null))
				+ json.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationProperties());
	}

}
