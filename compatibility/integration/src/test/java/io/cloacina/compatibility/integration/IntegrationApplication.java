package io.cloacina.compatibility.integration;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.JdbcMessageStore;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;

/**
 * A Spring Boot application with Spring Integration's JDBC components configured as Spring
 * Integration's reference documentation shows them: a lock registry (here two, as two nodes would
 * have), a message store, and a queue channel kept in a channel message store whose query provider
 * is the starter's bean for the configured backend.
 */
@SpringBootApplication
public class IntegrationApplication {

	@Bean
	DefaultLockRepository nodeALockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource, "node-a");
	}

	@Bean
	DefaultLockRepository nodeBLockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource, "node-b");
	}

	@Bean
	JdbcLockRegistry nodeALockRegistry(DefaultLockRepository nodeALockRepository) {
		return new JdbcLockRegistry(nodeALockRepository);
	}

	@Bean
	JdbcLockRegistry nodeBLockRegistry(DefaultLockRepository nodeBLockRepository) {
		return new JdbcLockRegistry(nodeBLockRepository);
	}

	@Bean
	JdbcMessageStore messageStore(DataSource dataSource) {
		return new JdbcMessageStore(dataSource);
	}

	@Bean
	JdbcChannelMessageStore channelMessageStore(DataSource dataSource, ChannelMessageStoreQueryProvider queryProvider) {
		JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
		store.setChannelMessageStoreQueryProvider(queryProvider);
		return store;
	}

	@Bean
	QueueChannel orders(JdbcChannelMessageStore channelMessageStore) {
		return new QueueChannel(new MessageGroupQueue(channelMessageStore, "orders"));
	}

}
