package io.cloacina.database.autoconfigure.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code cloacina.copy.*} property reaches the IDE with a description and its default, and the
 * example values of {@code cloacina.copy.from} are URLs the starter accepts.
 */
class CopyPropertiesMetadataTests {

	@Test
	void everyCopyPropertyIsDocumentedWithItsDefault() throws IOException {
		String json = read();
		List<Map<String, Object>> properties = JsonPath.read(json,
				"$.properties[?(@.sourceType == '" + CloacinaCopyProperties.class.getName() + "')]");
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("cloacina.copy.from", "cloacina.copy.then", "cloacina.copy.replace-existing",
					"cloacina.copy.exclude-tables", "cloacina.copy.progress-interval");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
		Map<String, Object> defaults = new HashMap<>();
		properties.stream()
			.filter((property) -> property.containsKey("defaultValue"))
			.forEach((property) -> defaults.put((String) property.get("name"), property.get("defaultValue")));
		assertThat(defaults).containsEntry("cloacina.copy.then", "exit")
			.containsEntry("cloacina.copy.replace-existing", false)
			.containsEntry("cloacina.copy.progress-interval", "10s");
	}

	@Test
	void theExampleSourcesAreAcceptedUrls() throws IOException {
		List<String> values = JsonPath.read(read(), "$.hints[?(@.name == 'cloacina.copy.from')].values[*].value");
		assertThat(values).isNotEmpty();
		assertThat(values).allSatisfy((value) -> assertThat(DatabaseUrl.parse(value)).isNotNull());
		assertThat(DatabaseUrl.parse("sqlite:data/app.db").backend()).isEqualTo(DatabaseBackend.SQLITE);
		assertThat(DatabaseUrl.parse("sqlite:data/app.db").file()).isNotNull();
	}

	@Test
	void theCopyPropertiesNeverShowThePassword() {
		CloacinaCopyProperties properties = new CloacinaCopyProperties();
		properties.setFrom("postgresql://app:s3cret@db.example.com/app");
		assertThat(properties.toString()).doesNotContain("s3cret").contains("postgresql://app:****@db.example.com/app");
	}

	private String read() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			return new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
