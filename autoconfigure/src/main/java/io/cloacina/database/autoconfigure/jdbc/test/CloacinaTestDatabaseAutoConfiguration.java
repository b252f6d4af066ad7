package io.cloacina.database.autoconfigure.jdbc.test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that test slices with {@code @AutoConfigureTestDatabase} ({@code @JdbcTest},
 * {@code @DataJdbcTest}) import: it keeps the starter's data source, on the backend that
 * {@code cloacina.database.url} names, instead of letting the default {@code replace = NON_TEST}
 * swap it for an embedded H2, HSQL or Derby database. {@code @AutoConfigureTestDatabase(replace = ANY)}
 * still gets the embedded database.
 *
 * @since 0.1.0
 */
@AutoConfiguration
public final class CloacinaTestDatabaseAutoConfiguration {

	@Bean
	static KeepCloacinaDataSourcePostProcessor keepCloacinaDataSourcePostProcessor(Environment environment) {
		return new KeepCloacinaDataSourcePostProcessor(environment);
	}

}
