package io.cloacina.database.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * {@link ConnectionDetailsFactory} that produces {@link CloacinaConnectionDetails} by adapting
 * {@link JdbcConnectionDetails}, as Spring Boot's Flyway module does for its own details: Docker
 * Compose and Testcontainers services that Boot knows as JDBC databases reach the starter this way.
 */
class JdbcAdaptingCloacinaConnectionDetailsFactory
		implements ConnectionDetailsFactory<JdbcConnectionDetails, CloacinaConnectionDetails> {

	@Override
	public CloacinaConnectionDetails getConnectionDetails(JdbcConnectionDetails input) {
		return adapt(input);
	}

	static CloacinaConnectionDetails adapt(JdbcConnectionDetails input) {
		return new CloacinaConnectionDetails() {

			@Override
			public String getUrl() {
				return input.getJdbcUrl();
			}

			@Override
			public String getUsername() {
				return input.getUsername();
			}

			@Override
			public String getPassword() {
				return input.getPassword();
			}

		};
	}

}
