package io.cloacina.database.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * {@link CloacinaConnectionDetails} from {@code cloacina.database.*}: the URL (an in-memory SQLite
 * database when none is set), user and password.
 */
final class PropertiesCloacinaConnectionDetails implements CloacinaConnectionDetails {

	private final CloacinaDatabaseProperties properties;

	PropertiesCloacinaConnectionDetails(CloacinaDatabaseProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getUrl() {
		return isDefault() ? ":memory:" : this.properties.getUrl();
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
	 * Whether no URL is set, so that the in-memory default applies.
	 * @return whether {@code cloacina.database.url} is unset
	 */
	boolean isDefault() {
		return !StringUtils.hasText(this.properties.getUrl());
	}

}
