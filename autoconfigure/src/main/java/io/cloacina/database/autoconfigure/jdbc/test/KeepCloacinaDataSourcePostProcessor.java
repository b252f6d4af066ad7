package io.cloacina.database.autoconfigure.jdbc.test;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cloacina.database.CloacinaDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Remembers the bean definition of the starter's data source before Spring Boot's test database
 * post-processor (unordered, so it runs later) replaces it with an embedded one, and puts it back
 * afterwards unless {@code spring.test.database.replace} is {@code ANY} or {@code NONE}.
 */
final class KeepCloacinaDataSourcePostProcessor implements BeanDefinitionRegistryPostProcessor, PriorityOrdered {

	private static final Log logger = LogFactory.getLog(KeepCloacinaDataSourcePostProcessor.class);

	private final Environment environment;

	private final Map<String, BeanDefinition> remembered = new LinkedHashMap<>();

	KeepCloacinaDataSourcePostProcessor(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
			return;
		}
		for (String name : beanFactory.getBeanNamesForType(CloacinaDataSource.class, true, false)) {
			this.remembered.put(name, registry.getBeanDefinition(name));
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		String replace = this.environment.getProperty("spring.test.database.replace", "NON_TEST");
		if (!"NON_TEST".equalsIgnoreCase(replace.replace('-', '_')) || !(beanFactory instanceof BeanDefinitionRegistry registry)) {
			return;
		}
		this.remembered.forEach((name, definition) -> {
			if (registry.containsBeanDefinition(name) && registry.getBeanDefinition(name) != definition) {
				logger.info("Keeping the Cloacina data source '" + name + "' (cloacina.database.url) instead of an "
						+ "embedded test database; use @AutoConfigureTestDatabase(replace = ANY) for an embedded one");
				registry.removeBeanDefinition(name);
				registry.registerBeanDefinition(name, definition);
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
