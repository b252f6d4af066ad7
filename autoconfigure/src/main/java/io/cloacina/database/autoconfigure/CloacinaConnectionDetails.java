package io.cloacina.database.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Details of the database the starter's data source connects to. A bean of this type, such as one
 * registered by {@code @ServiceConnection} on a PostgreSQL container, takes precedence over
 * {@code cloacina.database.url}; a {@code JdbcConnectionDetails} bean (Testcontainers, Docker Compose)
 * is adapted to it when no bean of this type exists. The schema, driver properties and pool settings
 * still come from {@code cloacina.database.*}.
 *
 * @since 0.1.0
 */
public interface CloacinaConnectionDetails extends ConnectionDetails {

	/**
	 * The database URL in any form {@code cloacina.database.url} accepts, JDBC URLs included.
	 * @return the URL
	 */
	String getUrl();

	/**
	 * Login user, or {@code null} to use the one of the URL.
	 * @return the user
	 */
	default String getUsername() {
		return null;
	}

	/**
	 * Login password, or {@code null} to use the one of the URL.
	 * @return the password
	 */
	default String getPassword() {
		return null;
	}

}
