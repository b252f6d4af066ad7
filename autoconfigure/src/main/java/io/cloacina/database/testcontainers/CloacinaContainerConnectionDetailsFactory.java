package io.cloacina.database.testcontainers;

import io.cloacina.database.autoconfigure.CloacinaConnectionDetails;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link ContainerConnectionDetailsFactory} that creates {@link CloacinaConnectionDetails} from a
 * {@code @ServiceConnection}-annotated {@link PostgreSQLContainer}.
 *
 * @since 0.1.0
 */
class CloacinaContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<PostgreSQLContainer, CloacinaConnectionDetails> {

	CloacinaContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.postgresql.PostgreSQLContainer");
	}

	@Override
	protected CloacinaConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<PostgreSQLContainer> source) {
		return new CloacinaContainerConnectionDetails(source);
	}

	/**
	 * {@link CloacinaConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	static final class CloacinaContainerConnectionDetails extends ContainerConnectionDetails<PostgreSQLContainer>
			implements CloacinaConnectionDetails {

		CloacinaContainerConnectionDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
			super(source);
		}

		@Override
		public String getUrl() {
			return getContainer().getJdbcUrl();
		}

		@Override
		public String getUsername() {
			return getContainer().getUsername();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

	}

}
