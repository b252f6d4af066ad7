package io.cloacina.database.autoconfigure.copy;

import io.cloacina.database.DatabaseConfigurationException;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses {@code cloacina.copy.from} in an application started from its ahead-of-time processed
 * form ({@code -Dspring.aot.enabled=true}, or a native image): its beans were chosen at build time,
 * without the copy, which would otherwise be skipped without a word and the application started on
 * an empty database.
 */
class CopyRunModeAotEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (AotDetector.useGeneratedArtifacts() && environment.containsProperty(DatabaseCopyInitializer.FROM_PROPERTY)) {
			throw new DatabaseConfigurationException(DatabaseCopyInitializer.FROM_PROPERTY + " is set, but the "
					+ "application runs from its ahead-of-time processed form (spring.aot.enabled=true or a native image), "
					+ "whose beans were chosen at build time without the copy",
					"Run the copy with the same application on the JVM without -Dspring.aot.enabled=true (the jar runs "
							+ "both ways), then start the ahead-of-time processed application without "
							+ DatabaseCopyInitializer.FROM_PROPERTY + ".");
		}
	}

}
