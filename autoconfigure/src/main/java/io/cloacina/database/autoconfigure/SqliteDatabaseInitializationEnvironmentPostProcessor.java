package io.cloacina.database.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets Spring Boot create the tables of Spring Batch, Quartz, Spring Session and Spring Integration
 * on SQLite (Batch and Session ship a SQLite schema; for Quartz and Spring Integration the starter
 * ships one), as it does on an embedded database: Boot
 * initializes their schemas only for H2, HSQLDB and Derby by default ({@code initialize-schema:
 * embedded}), and never counts SQLite as embedded. On SQLite each {@code initialize-schema} that the
 * application leaves unset defaults to {@code always}; their scripts continue on error, so tables
 * that exist are kept. In-memory SQLite also gets {@code spring.sql.init.mode=always}, as H2 would:
 * a SQLite file does not, because the application's own {@code data.sql} would then run again at
 * every start. Anything the application sets wins; PostgreSQL keeps Boot's defaults.
 *
 * @since 0.1.0
 */
public class SqliteDatabaseInitializationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source with the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "cloacinaSqliteDatabaseInitialization";

	static final List<String> LIBRARY_SCHEMAS = List.of("spring.batch.jdbc.initialize-schema",
			"spring.quartz.jdbc.initialize-schema", "spring.session.jdbc.initialize-schema",
			"spring.integration.jdbc.initialize-schema");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// Before any bean exists: a database named by connection details is not known here.
		DatabaseUrl url = DatabaseBackendResolver.resolve(environment, null).url();
		if (url == null || url.backend() != DatabaseBackend.SQLITE) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (String property : LIBRARY_SCHEMAS) {
			if (!environment.containsProperty(property)) {
				defaults.put(property, "always");
			}
		}
		if (url.inMemory() && !environment.containsProperty("spring.sql.init.mode")) {
			defaults.put("spring.sql.init.mode", "always");
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	@Override
	public int getOrder() {
		// After the application's own configuration has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
