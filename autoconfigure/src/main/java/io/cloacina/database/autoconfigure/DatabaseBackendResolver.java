package io.cloacina.database.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.StringUtils;

/**
 * The one place that works out where the application's database is, and so its backend. The rule,
 * first match wins:
 * <ol>
 * <li>a {@link CloacinaConnectionDetails} bean (Testcontainers, Docker Compose, the application's
 * own): the starter's data source, on the database the details name;</li>
 * <li>a {@link JdbcConnectionDetails} bean, unless Spring Boot's data source takes it
 * ({@code spring.datasource.url} set, {@code cloacina.database.url} not): the starter's data source,
 * on that database;</li>
 * <li>{@code cloacina.database.url}: the starter's data source; set but blank (empty or whitespace), a
 * configuration error that the data source reports, not the in-memory default;</li>
 * <li>{@code spring.datasource.url}: Spring Boot's data source;</li>
 * <li>a {@code DataSource} bean of the application's own: its backend is not known;</li>
 * <li>nothing: the starter's data source on an in-memory SQLite database.</li>
 * </ol>
 * Conditions and environment post-processors see the rule through {@link #resolve(Environment,
 * ConfigurableListableBeanFactory)}, from the environment and bean definitions only: no bean is
 * created, so a database named by connection details is known only when the data source is created.
 * Beans see it through {@link #databaseUrl(CloacinaConnectionDetails)} of the connection details bean
 * that the same rule selects; everything after the data source reads the resulting
 * {@link ConfiguredDatabaseBackend}.
 */
final class DatabaseBackendResolver {

	static final String URL_PROPERTY = "cloacina.database.url";

	static final String SPRING_URL_PROPERTY = "spring.datasource.url";

	private static final String IN_MEMORY = ":memory:";

	private DatabaseBackendResolver() {
	}

	/**
	 * Resolve from the environment and bean definitions, without creating a bean or opening a
	 * connection.
	 * @param environment the environment
	 * @param beanFactory the bean factory whose definitions to read, or {@code null} (environment
	 * post-processors)
	 * @return who builds the data source and, where the configuration names it, the database
	 */
	static Resolution resolve(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory) {
		String url = environment.getProperty(URL_PROPERTY);
		String springUrl = environment.getProperty(SPRING_URL_PROPERTY);
		List<String> cloacinaDetails = connectionDetails(beanFactory, CloacinaConnectionDetails.class);
		if (!cloacinaDetails.isEmpty()) {
			return new Resolution(Owner.STARTER, null, "connection details " + cloacinaDetails);
		}
		List<String> jdbcDetails = connectionDetails(beanFactory, JdbcConnectionDetails.class);
		// Set, even blank, the property is the starter's: a blank one is refused, not taken as unset.
		if (!jdbcDetails.isEmpty() && (url != null || !StringUtils.hasText(springUrl))) {
			return new Resolution(Owner.STARTER, null, "connection details " + jdbcDetails);
		}
		if (url != null && url.isBlank()) {
			return new Resolution(Owner.STARTER, null, blankUrl(environment).getMessage());
		}
		if (url != null) {
			return parsed(Owner.STARTER, url, URL_PROPERTY);
		}
		if (StringUtils.hasText(springUrl)) {
			return DatabaseBackend.fromJdbcUrl(springUrl).isPresent() ? parsed(Owner.SPRING_BOOT, springUrl, SPRING_URL_PROPERTY)
					: new Resolution(Owner.SPRING_BOOT, null,
							SPRING_URL_PROPERTY + " " + DatabaseUrl.mask(springUrl) + ", neither PostgreSQL nor SQLite");
		}
		if (hasDataSourceOfItsOwn(beanFactory)) {
			return new Resolution(Owner.APPLICATION, null, "no database URL is set and the application defines its "
					+ "own DataSource, whose backend is not known from the configuration");
		}
		return new Resolution(Owner.STARTER, DatabaseUrl.parse(IN_MEMORY),
				"no database URL (in-memory SQLite default)");
	}

	/**
	 * The database of the connection details that the rule selected, with their credentials.
	 * @param details the connection details bean
	 * @return the parsed URL
	 * @throws DatabaseConfigurationException if the URL is not supported, with the place it came from
	 */
	static DatabaseUrl databaseUrl(CloacinaConnectionDetails details) {
		if (details instanceof PropertiesCloacinaConnectionDetails properties && properties.getUrl().isBlank()) {
			throw blankUrl(properties.environment());
		}
		String source = (details instanceof PropertiesCloacinaConnectionDetails) ? URL_PROPERTY
				: "the connection details (" + details.getClass().getName() + ")";
		try {
			return DatabaseUrl.parse(details.getUrl()).withCredentials(details.getUsername(), details.getPassword());
		}
		catch (DatabaseConfigurationException ex) {
			throw ConfigurationProblems.from(ex, source);
		}
	}

	/**
	 * The problem of a {@code cloacina.database.url} that is set but blank: an empty value is a mistake
	 * (a variable that expanded to nothing, a template left unfilled), so it stops startup instead of
	 * giving a database that is lost when the application stops.
	 * @param environment where the property is set, or {@code null} if unknown
	 * @return the problem, naming where the property is set
	 */
	static DatabaseConfigurationException blankUrl(@Nullable Environment environment) {
		String origin = (environment != null) ? origin(environment, URL_PROPERTY) : null;
		return new DatabaseConfigurationException(
				URL_PROPERTY + " is set but blank" + ((origin != null) ? " (" + origin + ")" : ""),
				"Set " + URL_PROPERTY + " to a database URL, such as postgresql://user@host:5432/db (also "
						+ "postgres://..., jdbc:postgresql:...) or sqlite://data/app.db (also sqlite:///absolute/path.db, "
						+ "a file: URI, a plain path, jdbc:sqlite:...), or remove the property altogether (not only its "
						+ "value) to use an in-memory SQLite database that lives as long as the application.");
	}

	/** Where a property is set, as Spring Boot tracks it: file and line, or property source. */
	private static @Nullable String origin(Environment environment, String property) {
		if (!(environment instanceof ConfigurableEnvironment)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				Origin origin = found.getOrigin();
				return (origin != null) ? origin.toString() : "property source \"" + source.getUnderlyingSource() + "\"";
			}
		}
		return null;
	}

	/**
	 * The backend and display URL of a database, for the bean everything after the data source reads.
	 * @param url the database
	 * @return the configured backend
	 */
	static ConfiguredDatabaseBackend configured(DatabaseUrl url) {
		return new ConfiguredDatabaseBackend(url.backend(), url.displayUrl(), url.file());
	}

	private static Resolution parsed(Owner owner, String url, String property) {
		String source = property + " " + DatabaseUrl.mask(url);
		try {
			return new Resolution(owner, DatabaseUrl.parse(url), source);
		}
		catch (DatabaseConfigurationException ex) {
			// The data source fails where it is built, with a failure analysis.
			return new Resolution(owner, null, source + ", which is not a supported URL");
		}
	}

	/**
	 * Connection details bean definitions that name a database: not the ones the starter and Spring
	 * Boot derive from their own properties.
	 */
	private static List<String> connectionDetails(@Nullable ConfigurableListableBeanFactory beanFactory,
			Class<?> type) {
		List<String> names = new ArrayList<>();
		if (beanFactory == null) {
			return names;
		}
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			if (!isDerivedFromProperties(beanFactory, name)) {
				names.add(name);
			}
		}
		return names;
	}

	private static boolean isDerivedFromProperties(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		String returnType = (factoryMethod != null) ? factoryMethod.getReturnTypeName() : definition.getBeanClassName();
		return PropertiesCloacinaConnectionDetails.class.getName().equals(returnType)
				|| "org.springframework.boot.jdbc.autoconfigure.PropertiesJdbcConnectionDetails".equals(returnType);
	}

	/** A DataSource bean that is not the starter's: without a URL its backend is unknown. */
	private static boolean hasDataSourceOfItsOwn(@Nullable ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory == null) {
			return false;
		}
		List<String> dataSources = new ArrayList<>(
				Arrays.asList(beanFactory.getBeanNamesForType(DataSource.class, true, false)));
		dataSources.removeAll(Arrays.asList(beanFactory.getBeanNamesForType(CloacinaDataSource.class, true, false)));
		return !dataSources.isEmpty();
	}

	/** Who builds the application's data source. */
	enum Owner {

		/** The starter: a {@link CloacinaDataSource}. */
		STARTER,

		/** Spring Boot, from {@code spring.datasource.*}. */
		SPRING_BOOT,

		/** The application, with a {@code DataSource} bean of its own. */
		APPLICATION

	}

	/**
	 * What the configuration says.
	 * @param owner who builds the data source
	 * @param url the database, when the environment names it (not when connection details do, nor
	 * when its URL is not supported)
	 * @param source where it was found, or why it is not known, password masked
	 */
	record Resolution(Owner owner, @Nullable DatabaseUrl url, String source) {

		@Nullable DatabaseBackend backend() {
			return (this.url != null) ? this.url.backend() : null;
		}

	}

}
