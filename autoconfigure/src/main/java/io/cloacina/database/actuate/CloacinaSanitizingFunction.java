package io.cloacina.database.actuate;

import java.util.List;
import java.util.Locale;

import io.cloacina.database.DatabaseUrl;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets among the starter's settings in the {@code env} and {@code configprops}
 * endpoints, also with {@code show-values=always}: every {@code cloacina.database.*} value whose key
 * names a password, secret, key, credential or token is replaced by Spring Boot's {@code ******}, and
 * every URL ({@code cloacina.database.url}, the pool's {@code jdbcUrl}) is shown with its password
 * masked ({@code user:****@host}, {@code password=****}), so it stays useful. Keys are matched in any
 * of Spring Boot's relaxed forms, environment variables ({@code CLOACINA_DATABASE_PASSWORD}) included.
 *
 * @since 0.1.0
 */
public class CloacinaSanitizingFunction implements SanitizingFunction {

	private static final String PREFIX = "cloacina.database.";

	private static final List<String> SECRET_WORDS = List.of("password", "secret", "key", "credential", "token");

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = normalize(data.getKey());
		if (!key.startsWith(PREFIX) || data.getValue() == null) {
			return data;
		}
		String last = key.substring(key.lastIndexOf('.') + 1);
		if (SECRET_WORDS.stream().anyMatch(key.substring(PREFIX.length())::contains)
				&& !last.equals("username")) {
			return data.withSanitizedValue();
		}
		if (last.endsWith("url")) {
			return data.withValue(DatabaseUrl.mask(String.valueOf(data.getValue())));
		}
		return data;
	}

	/** {@code CLOACINA_DATABASE_HIKARI_JDBC_URL}, {@code cloacina.database.hikari.jdbcUrl} → {@code cloacina.database.hikari.jdbcurl}. */
	private static String normalize(String key) {
		return key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
	}

}
