package io.cloacina.database.autoconfigure;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Finds the connection details that override {@code cloacina.database.url}: a
 * {@link CloacinaConnectionDetails} bean, else a {@link JdbcConnectionDetails} bean adapted (both
 * registered by {@code @ServiceConnection}, Docker Compose or the application itself).
 */
final class ConnectionDetailsLookup {

	private ConnectionDetailsLookup() {
	}

	/**
	 * The connection details, or {@code null} when there are none, or several of one type.
	 * @param beanFactory the bean factory
	 * @return the details or {@code null}
	 */
	static CloacinaConnectionDetails find(ListableBeanFactory beanFactory) {
		if (beanFactory == null) {
			return null;
		}
		String[] cloacina = BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory,
				CloacinaConnectionDetails.class, true, false);
		if (cloacina.length == 1) {
			return beanFactory.getBean(cloacina[0], CloacinaConnectionDetails.class);
		}
		String[] jdbc = BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, JdbcConnectionDetails.class,
				true, false);
		if (cloacina.length == 0 && jdbc.length == 1) {
			return JdbcAdaptingCloacinaConnectionDetailsFactory
				.adapt(beanFactory.getBean(jdbc[0], JdbcConnectionDetails.class));
		}
		return null;
	}

	/**
	 * Whether a connection details bean exists, without creating it.
	 * @param beanFactory the bean factory
	 * @return whether details exist
	 */
	static boolean exists(ListableBeanFactory beanFactory) {
		return beanFactory != null && (BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory,
				CloacinaConnectionDetails.class, true, false).length
				+ BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, JdbcConnectionDetails.class, true,
						false).length) > 0;
	}

}
