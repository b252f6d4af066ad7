package io.cloacina.database.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * {@link CloacinaConnectionDetails} from {@code cloacina.database.*}: the URL (an in-memory SQLite
 * database when none is set; a blank one is refused by {@link DatabaseBackendResolver#databaseUrl}),
 * user and password.
 */
final class PropertiesCloacinaConnectionDetails implements CloacinaConnectionDetails {

	private final CloacinaDatabaseProperties properties;

	private final @Nullable Environment environment;

	PropertiesCloacinaConnectionDetails(CloacinaDatabaseProperties properties, @Nullable Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public String getUrl() {
		String url = this.properties.getUrl();
		return (url != null) ? url : ":memory:";
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	/**
	 * Whether no URL is set, so that the in-memory default applies. A URL set but blank is not unset.
	 * @return whether {@code cloacina.database.url} is unset
	 */
	boolean isDefault() {
		return this.properties.getUrl() == null;
	}

	/**
	 * The environment the properties were bound from, to say where a problem with them comes from.
	 * @return the environment, or {@code null} if unknown
	 */
	@Nullable Environment environment() {
		return this.environment;
	}

}
