package io.cloacina.database.autoconfigure;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.InvalidDatabaseUrlException;
import io.cloacina.database.UrlMasking;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The condition behind {@link ConditionalOnDatabaseBackend}: decides from the configured URL.
 */
class OnDatabaseBackendCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDatabaseBackend.class.getName());
		DatabaseBackend required = (DatabaseBackend) attributes.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnDatabaseBackend.class,
				"(" + required + ")");
		Determined determined = determine(context);
		if (determined.backend() == null) {
			return ConditionOutcome.noMatch(message.because(determined.source()));
		}
		String found = "backend " + determined.backend() + " from " + determined.source();
		return (determined.backend() == required) ? ConditionOutcome.match(message.found("configured").items(found))
				: ConditionOutcome.noMatch(message.found("configured").items(found));
	}

	/**
	 * The backend the configuration names, without opening a connection.
	 * @param context the condition context
	 * @return the backend and where it was found, or a {@code null} backend and why
	 */
	static Determined determine(ConditionContext context) {
		Environment environment = context.getEnvironment();
		String url = environment.getProperty("cloacina.database.url");
		CloacinaConnectionDetails details = ConnectionDetailsLookup.exists(context.getBeanFactory())
				? ConnectionDetailsLookup.find(context.getBeanFactory()) : null;
		if (details != null) {
			try {
				return new Determined(DatabaseUrl.parse(details.getUrl()).backend(),
						"connection details " + UrlMasking.mask(details.getUrl()));
			}
			catch (InvalidDatabaseUrlException ex) {
				return new Determined(null, "the connection details' URL is not supported");
			}
		}
		if (StringUtils.hasText(url)) {
			try {
				return new Determined(DatabaseUrl.parse(url).backend(), "cloacina.database.url " + UrlMasking.mask(url));
			}
			catch (InvalidDatabaseUrlException ex) {
				return new Determined(null, "cloacina.database.url is not a supported URL");
			}
		}
		if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			String springUrl = environment.getProperty("spring.datasource.url");
			String source = "spring.datasource.url " + UrlMasking.mask(springUrl);
			DatabaseBackend backend = DatabaseBackend.fromJdbcUrl(springUrl).orElse(null);
			return (backend != null) ? new Determined(backend, source)
					: new Determined(null, source + " is neither PostgreSQL nor SQLite");
		}
		if (hasDataSourceOfItsOwn(context)) {
			return new Determined(null, "no database URL is set and the application defines "
					+ "its own DataSource, whose backend is not known from the configuration");
		}
		return new Determined(DatabaseBackend.SQLITE, "no database URL (in-memory SQLite default)");
	}

	/**
	 * A backend determined from the configuration.
	 * @param backend the backend, or {@code null} if none is known
	 * @param source where it was found, or why none is known
	 */
	record Determined(DatabaseBackend backend, String source) {
	}

	/** A DataSource bean that is not the starter's: without a URL its backend is unknown. */
	private static boolean hasDataSourceOfItsOwn(ConditionContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory == null) {
			return false;
		}
		Set<String> dataSources = new HashSet<>(
				Arrays.asList(beanFactory.getBeanNamesForType(DataSource.class, true, false)));
		dataSources.removeAll(Arrays.asList(beanFactory.getBeanNamesForType(CloacinaDataSource.class, true, false)));
		return !dataSources.isEmpty();
	}

}
