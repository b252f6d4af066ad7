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
					"cloacina.database.password", "cloacina.database.schema", "cloacina.database.properties");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank());
		List<String> hikari = JsonPath.read(json, "$.properties[*].name");
		assertThat(hikari).contains("cloacina.database.hikari.maximum-pool-size",
				"cloacina.database.hikari.connection-timeout", "cloacina.database.hikari.max-lifetime");
	}

}
