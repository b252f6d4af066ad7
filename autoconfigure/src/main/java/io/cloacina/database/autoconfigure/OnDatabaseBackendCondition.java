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
		Environment environment = context.getEnvironment();
		String url = environment.getProperty("cloacina.database.url");
		DatabaseBackend configured;
		String source;
		CloacinaConnectionDetails details = ConnectionDetailsLookup.exists(context.getBeanFactory())
				? ConnectionDetailsLookup.find(context.getBeanFactory()) : null;
		if (details != null) {
			try {
				configured = DatabaseUrl.parse(details.getUrl()).backend();
			}
			catch (InvalidDatabaseUrlException ex) {
				return ConditionOutcome.noMatch(message.because("the connection details' URL is not supported"));
			}
			source = "connection details " + UrlMasking.mask(details.getUrl());
		}
		else if (StringUtils.hasText(url)) {
			try {
				configured = DatabaseUrl.parse(url).backend();
			}
			catch (InvalidDatabaseUrlException ex) {
				return ConditionOutcome.noMatch(message.because("cloacina.database.url is not a supported URL"));
			}
			source = "cloacina.database.url " + UrlMasking.mask(url);
		}
		else if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			String springUrl = environment.getProperty("spring.datasource.url");
			configured = DatabaseBackend.fromJdbcUrl(springUrl).orElse(null);
			source = "spring.datasource.url " + UrlMasking.mask(springUrl);
			if (configured == null) {
				return ConditionOutcome.noMatch(message.because(source + " is neither PostgreSQL nor SQLite"));
			}
		}
		else if (hasDataSourceOfItsOwn(context)) {
			return ConditionOutcome.noMatch(message.because("no database URL is set and the application defines "
					+ "its own DataSource, whose backend is not known from the configuration"));
		}
		else {
			configured = DatabaseBackend.SQLITE;
			source = "no database URL (in-memory SQLite default)";
		}
		String found = "backend " + configured + " from " + source;
		return (configured == required) ? ConditionOutcome.match(message.found("configured").items(found))
				: ConditionOutcome.noMatch(message.found("configured").items(found));
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
