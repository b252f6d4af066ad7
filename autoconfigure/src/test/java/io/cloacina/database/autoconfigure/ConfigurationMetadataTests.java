package io.cloacina.database.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code cloacina.database.*} property reaches the IDE with a description, and every HikariCP
 * setting can be set under {@code cloacina.database.hikari.*}.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDocumented() throws IOException {
		String json;
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[?(@.sourceType == '"
				+ CloacinaDatabaseProperties.class.getName() + "')]");
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("cloacina.database.url", "cloacina.database.username",
					"cloacina.database.password", "cloacina.database.schema", "cloacina.database.pooler",
					"cloacina.database.properties");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank());
		List<String> hikari = JsonPath.read(json, "$.properties[*].name");
		assertThat(hikari).contains("cloacina.database.hikari.maximum-pool-size",
				"cloacina.database.hikari.connection-timeout", "cloacina.database.hikari.max-lifetime");
	}

	@Test
	void everyCloacinaPropertyHasADescriptionAndTheDefaultsAreThere() throws IOException {
		String json = read("/META-INF/spring-configuration-metadata.json");
		List<Map<String, Object>> properties = JsonPath.read(json,
				"$.properties[?(@.name =~ /cloacina\\.database\\..*/)]");
		assertThat(properties).hasSizeGreaterThan(40)
			.allSatisfy((property) -> assertThat((String) property.get("description"))
				.as("description of %s", property.get("name"))
				.isNotBlank());
		Map<String, Object> defaults = new java.util.HashMap<>();
		properties.stream()
			.filter((property) -> property.containsKey("defaultValue"))
			.forEach((property) -> defaults.put((String) property.get("name"), property.get("defaultValue")));
		assertThat(defaults).containsEntry("cloacina.database.url", ":memory:")
			.containsEntry("cloacina.database.leader-lock.lease-time", "30s")
			.containsEntry("cloacina.database.hikari.connection-timeout", 30000)
			.containsEntry("cloacina.database.hikari.max-lifetime", 1800000);
		List<Object> health = JsonPath.read(json, "$.properties[?(@.name == 'management.health.cloacina.enabled')]");
		assertThat(health).hasSize(1);
		List<Object> healthTimeout = JsonPath.read(json,
				"$.properties[?(@.name == 'management.health.cloacina.timeout')].defaultValue");
		assertThat(healthTimeout).containsExactly("2s");
	}

	@Test
	void valueHintsForUrlFormsAndEnumeratedSettings() throws IOException {
		String json = read("/META-INF/spring-configuration-metadata.json");
		List<String> urls = JsonPath.read(json, "$.hints[?(@.name == 'cloacina.database.url')].values[*].value");
		assertThat(urls).contains("sqlite://data/app.db", "sqlite::memory:", "postgresql://user:password@localhost:5432/app",
				"jdbc:postgresql://localhost:5432/app");
		List<String> keys = JsonPath.read(json,
				"$.hints[?(@.name == 'cloacina.database.properties.keys')].values[*].value");
		assertThat(keys).contains("journal_mode", "busy_timeout", "sslmode", "reWriteBatchedInserts");
		List<String> isolation = JsonPath.read(json,
				"$.hints[?(@.name == 'cloacina.database.hikari.transaction-isolation')].values[*].value");
		assertThat(isolation).contains("TRANSACTION_READ_COMMITTED", "TRANSACTION_SERIALIZABLE");
		List<Object> descriptions = JsonPath.read(json,
				"$.hints[?(@.name == 'cloacina.database.url')].values[*].description");
		assertThat(descriptions).hasSameSizeAs(urls);
	}

	private String read(String resource) throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream(resource)) {
			assertThat(metadata).isNotNull();
			return new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
